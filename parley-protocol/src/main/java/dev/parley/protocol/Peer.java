package dev.parley.protocol;

import java.util.Objects;

/**
 * A session as others see it: its id (what {@code signal.to} names) and, if it said one in
 * {@code hello}, its name.
 */
public record Peer(String id, String name) {
    public Peer {
        Objects.requireNonNull(id, "id");
    }
}
