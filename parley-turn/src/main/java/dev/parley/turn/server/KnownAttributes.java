package dev.parley.turn.server;

import dev.parley.turn.proto.ChannelNumber;
import dev.parley.turn.proto.Data;
import dev.parley.turn.proto.DontFragment;
import dev.parley.turn.proto.EvenPort;
import dev.parley.turn.proto.Lifetime;
import dev.parley.turn.proto.RequestedAddressFamily;
import dev.parley.turn.proto.RequestedTransport;
import dev.parley.turn.proto.ReservationToken;
import dev.parley.turn.proto.XorPeerAddress;
import dev.parley.turn.proto.XorRelayedAddress;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.MessageIntegrity;
import dev.parley.turn.stun.MessageIntegritySha256;
import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.TextAttribute;
import dev.parley.turn.stun.UnknownAttributes;
import dev.parley.turn.stun.XorMappedAddress;
import java.util.List;
import java.util.Set;

/**
 * The comprehension-required attributes (type below 0x8000) this server understands. Any other in a
 * request is answered with 420 and listed in UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1.1, §14).
 * Not here, on purpose: PASSWORD-ALGORITHM and USERHASH (this server offers neither), and ICE's
 * PRIORITY/USE-CANDIDATE, which mean nothing to a STUN server.
 */
final class KnownAttributes {
    private static final int MAPPED_ADDRESS = 0x0001;
    private static final Set<Integer> REQUIRED = Set.of(MAPPED_ADDRESS, TextAttribute.USERNAME.type, MessageIntegrity.TYPE,
            ErrorCode.TYPE, UnknownAttributes.TYPE, TextAttribute.REALM.type, TextAttribute.NONCE.type,
            MessageIntegritySha256.TYPE, XorMappedAddress.TYPE, ChannelNumber.TYPE, Lifetime.TYPE, XorPeerAddress.TYPE,
            Data.TYPE, XorRelayedAddress.TYPE, RequestedAddressFamily.TYPE, EvenPort.TYPE, RequestedTransport.TYPE,
            DontFragment.TYPE, ReservationToken.TYPE);

    private KnownAttributes() {}

    static List<Integer> unknownRequired(StunMessage m) {
        return m.attributes().stream().filter(RawAttribute::comprehensionRequired).map(RawAttribute::type)
                .filter(t -> !REQUIRED.contains(t)).distinct().toList();
    }
}
