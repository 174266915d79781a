package dev.parley.turn.proto;

import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunParseException;
import dev.parley.turn.stun.XorMappedAddress;
import java.net.InetSocketAddress;

/** XOR-PEER-ADDRESS, RFC 8656 §18.3: a peer's address, encoded as XOR-MAPPED-ADDRESS is. */
public final class XorPeerAddress {
    public static final int TYPE = 0x0012;

    private XorPeerAddress() {}

    /**
     * A peer as named in the request: the raw address bytes (what the peer policy judges, so an
     * IPv4-mapped IPv6 spelling is not silently turned into IPv4) and the socket address to send to.
     */
    public record Peer(byte[] bytes, InetSocketAddress address) {
        public boolean ipv6() {
            return bytes.length == 16;
        }
    }

    public static byte[] encode(InetSocketAddress peer, byte[] transactionId) {
        return XorMappedAddress.encode(peer, transactionId);
    }

    public static Peer decode(RawAttribute a, byte[] transactionId) throws StunParseException {
        return new Peer(XorMappedAddress.addressBytes(a.value(), transactionId), XorMappedAddress.decode(a.value(), transactionId));
    }
}
