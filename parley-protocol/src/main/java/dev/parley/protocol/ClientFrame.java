package dev.parley.protocol;

import java.util.Objects;

/** One client WebSocket text frame: a message and the optional request {@code id} the client chose. */
public record ClientFrame(String id, ClientMessage message) {
    public ClientFrame {
        if (id != null) FieldRules.requireId(id, "id");
        Objects.requireNonNull(message, "message");
    }
}
