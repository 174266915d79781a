package dev.parley.turn.server;

import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.Fingerprint;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageIntegrity;
import dev.parley.turn.stun.MessageIntegritySha256;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunMessageBuilder;
import dev.parley.turn.stun.StunParseException;
import dev.parley.turn.stun.TextAttribute;
import dev.parley.turn.stun.UnknownAttributes;
import dev.parley.turn.stun.XorMappedAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

/**
 * Answers STUN requests, transport-independent: bytes and the sender's address in, response bytes
 * (or nothing) out. A flat dispatch on the message type; TURN methods join it as they are built.
 */
public final class StunResponder {
    public static final String SOFTWARE = "Parley";
    /** Comprehension-required attributes a Binding request may carry (RFC 8489 §14). */
    private static final Set<Integer> BINDING_UNDERSTOOD = Set.of(TextAttribute.USERNAME.type, MessageIntegrity.TYPE,
            MessageIntegritySha256.TYPE, TextAttribute.REALM.type, TextAttribute.NONCE.type);

    /** The response to send, or null when the packet is to be dropped (not STUN, malformed, or an indication). */
    public byte[] respond(byte[] packet, InetSocketAddress from) {
        StunMessage m;
        try {
            m = StunMessage.decode(packet);
        } catch (StunParseException e) {
            return null; // §6.3: a malformed message is discarded
        }
        if (m.attribute(Fingerprint.TYPE) != null && !Fingerprint.verify(m)) return null; // not STUN after all
        if (m.type().messageClass() != MessageClass.REQUEST) return null; // indications and stray responses
        return switch (m.type().method()) {
            case MessageType.BINDING -> binding(m, from);
            default -> error(m, ErrorCode.BAD_REQUEST, "method 0x" + Integer.toHexString(m.type().method()) + " is not supported");
        };
    }

    /** RFC 8489 §6.3.1 and §7.3.1: the reflexive address, as XOR-MAPPED-ADDRESS. */
    private byte[] binding(StunMessage m, InetSocketAddress from) {
        List<Integer> unknown = m.attributes().stream().filter(RawAttribute::comprehensionRequired)
                .map(RawAttribute::type).filter(t -> !BINDING_UNDERSTOOD.contains(t)).distinct().toList();
        if (!unknown.isEmpty()) {
            return finish(m.respond(false)
                    .add(ErrorCode.TYPE, ErrorCode.encode(ErrorCode.UNKNOWN_ATTRIBUTE, "Unknown Attribute"))
                    .add(UnknownAttributes.TYPE, UnknownAttributes.encode(unknown)));
        }
        return finish(m.respond(true).add(XorMappedAddress.TYPE, XorMappedAddress.encode(from, m.transactionId())));
    }

    private byte[] error(StunMessage m, int code, String reason) {
        return finish(m.respond(false).add(ErrorCode.TYPE, ErrorCode.encode(code, reason)));
    }

    /** SOFTWARE on every response; FINGERPRINT too, so clients that multiplex STUN can tell it apart. */
    private static byte[] finish(StunMessageBuilder response) {
        return response.add(TextAttribute.SOFTWARE.type, TextAttribute.SOFTWARE.encode(SOFTWARE)).buildWithFingerprint();
    }
}
