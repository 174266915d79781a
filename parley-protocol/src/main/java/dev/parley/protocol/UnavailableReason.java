package dev.parley.protocol;

/** Why a {@code call} rang nobody. */
public enum UnavailableReason {
    OFFLINE("offline"),
    BUSY("busy");

    private final String wire;

    UnavailableReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    static UnavailableReason fromWire(String s) {
        for (var r : values()) if (r.wire.equals(s)) return r;
        return null;
    }
}
