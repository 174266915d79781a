package dev.parley.protocol;

import java.util.Objects;

/**
 * A payload a member left in a room for the next to join ({@code signal-next}), as {@code joined}
 * hands it over: who left it ({@code from}, a member's session id) and the payload.
 */
public record LeftSignal(String from, Payload data) {
    public LeftSignal {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(data, "data");
    }
}
