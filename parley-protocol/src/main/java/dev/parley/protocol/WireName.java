package dev.parley.protocol;

/** An enum whose constants have a name on the wire that differs from their Java name. */
interface WireName {
    String wire();

    /** The constant with this wire name, or {@code null} if this protocol version does not know it. */
    static <E extends Enum<E> & WireName> E parse(Class<E> type, String wire) {
        for (E e : type.getEnumConstants()) if (e.wire().equals(wire)) return e;
        return null;
    }
}
