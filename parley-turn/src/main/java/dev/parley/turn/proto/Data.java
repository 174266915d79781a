package dev.parley.turn.proto;

/** DATA, RFC 8656 §18.4: the application payload of a Send or Data indication. */
public final class Data {
    public static final int TYPE = 0x0013;

    private Data() {}
}
