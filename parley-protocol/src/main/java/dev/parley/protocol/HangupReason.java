package dev.parley.protocol;

/** Why a call ended with {@code hangup}. */
public enum HangupReason implements WireName {
    /** A party sent {@code hangup}. */
    HANGUP("hangup"),
    /** A party's connection went away. */
    DISCONNECTED("disconnected");

    private final String wire;

    HangupReason(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    static HangupReason fromWire(String s) {
        return WireName.parse(HangupReason.class, s);
    }
}
