package dev.parley.client.rtc;

import java.util.Objects;

/** An SDP offer or answer, as the W3C's {@code RTCSessionDescriptionInit} ({@code {type, sdp}}). */
public record SessionDescription(Type type, String sdp) {
    public SessionDescription {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sdp, "sdp");
    }

    public enum Type {
        OFFER,
        ANSWER,
        PRANSWER,
        ROLLBACK;

        /** The name on the wire: {@code offer}, {@code answer}, ... */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The type of a wire name, or null for one this client does not know. */
        public static Type ofWire(String wire) {
            for (Type t : values()) if (t.wire().equals(wire)) return t;
            return null;
        }
    }
}
