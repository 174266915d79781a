package dev.parley.protocol;

/** Why a call ended with {@code hangup}. */
public enum HangupReason {
    /** A party sent {@code hangup}. */
    HANGUP("hangup"),
    /** A party's connection went away. */
    DISCONNECTED("disconnected");

    private final String wire;

    HangupReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    static HangupReason fromWire(String s) {
        for (var r : values()) if (r.wire.equals(s)) return r;
        return null;
    }
}
