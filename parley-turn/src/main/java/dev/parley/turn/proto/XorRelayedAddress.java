package dev.parley.turn.proto;

import dev.parley.turn.stun.XorMappedAddress;
import java.net.InetSocketAddress;

/** XOR-RELAYED-ADDRESS, RFC 8656 §18.5: the relayed transport address the server allocated. */
public final class XorRelayedAddress {
    public static final int TYPE = 0x0016;

    private XorRelayedAddress() {}

    public static byte[] encode(InetSocketAddress relay, byte[] transactionId) {
        return XorMappedAddress.encode(relay, transactionId);
    }
}
