package dev.parley.protocol;

import java.util.Objects;

/**
 * One server WebSocket text frame: a message and, when it answers a request that had an
 * {@code id}, that id as {@code ref}.
 */
public record ServerFrame(String ref, ServerMessage message) {
    public ServerFrame {
        Objects.requireNonNull(message, "message");
    }
}
