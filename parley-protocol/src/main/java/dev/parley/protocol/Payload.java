package dev.parley.protocol;

import java.util.Objects;

/**
 * An opaque JSON value (an SDP, an ICE candidate, anything the clients agree on) that the server
 * relays without looking inside. It holds the exact JSON text the sender wrote, already checked to
 * be one well-formed value, so relaying it costs a copy and no re-encoding.
 */
public record Payload(String json) {
    public Payload {
        Objects.requireNonNull(json, "json");
    }

    /** A payload from JSON text, checked to be exactly one well-formed value. */
    public static Payload parse(String json) {
        return JsonFields.parseValue(json);
    }

    @Override
    public String toString() {
        return "Payload[" + json.length() + " chars]";
    }
}
