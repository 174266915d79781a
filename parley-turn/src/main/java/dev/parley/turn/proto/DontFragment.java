package dev.parley.turn.proto;

/** DONT-FRAGMENT, RFC 8656 §18.9: no value; send relayed datagrams with the DF bit set. */
public final class DontFragment {
    public static final int TYPE = 0x001A;

    private DontFragment() {}
}
