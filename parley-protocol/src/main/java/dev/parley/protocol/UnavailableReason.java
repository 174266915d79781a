package dev.parley.protocol;

/** Why a {@code call} rang nobody. */
public enum UnavailableReason implements WireName {
    OFFLINE("offline"),
    BUSY("busy");

    private final String wire;

    UnavailableReason(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    static UnavailableReason fromWire(String s) {
        return WireName.parse(UnavailableReason.class, s);
    }
}
