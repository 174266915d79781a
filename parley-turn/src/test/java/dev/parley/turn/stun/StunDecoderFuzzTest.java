package dev.parley.turn.stun;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.turn.proto.ChannelNumber;
import dev.parley.turn.proto.EvenPort;
import dev.parley.turn.proto.Lifetime;
import dev.parley.turn.proto.RequestedAddressFamily;
import dev.parley.turn.proto.RequestedTransport;
import dev.parley.turn.proto.ReservationToken;
import dev.parley.turn.proto.XorPeerAddress;

/**
 * Any bytes through the decoder and every attribute reader: the only failure allowed is
 * {@link StunParseException}. Regression inputs live in StunDecoderFuzzTestInputs/; run
 * {@code JAZZER_FUZZ=1 mvn -pl parley-turn test -Dtest=StunDecoderFuzzTest} to search for more.
 */
class StunDecoderFuzzTest {
    private static final byte[] KEY = new byte[16];

    @FuzzTest(maxDuration = "30s")
    void decodeAndReadEveryAttribute(byte[] input) {
        StunMessage m;
        try {
            m = StunMessage.decode(input);
        } catch (StunParseException expected) {
            return;
        }
        MessageIntegrity.verify(m, KEY);
        MessageIntegritySha256.verify(m, KEY);
        Fingerprint.verify(m);
        ErrorCode.code(m);
        for (RawAttribute a : m.attributes()) {
            try {
                switch (a.type()) {
                    case 0x0006, 0x0014, 0x0015, 0x8022 -> {
                        for (TextAttribute t : TextAttribute.values()) if (t.type == a.type()) t.read(m);
                    }
                    case XorMappedAddress.TYPE, 0x0016 -> XorMappedAddress.decode(a.value(), m.transactionId());
                    case XorPeerAddress.TYPE -> XorPeerAddress.decode(a, m.transactionId());
                    case ChannelNumber.TYPE -> ChannelNumber.decode(a);
                    case Lifetime.TYPE -> Lifetime.decode(a);
                    case RequestedTransport.TYPE -> RequestedTransport.decode(a);
                    case RequestedAddressFamily.TYPE -> RequestedAddressFamily.decode(a);
                    case EvenPort.TYPE -> EvenPort.reserveNext(a);
                    case ReservationToken.TYPE -> ReservationToken.decode(a);
                    default -> {}
                }
            } catch (StunParseException expected) {
                // a malformed attribute is a 400 for the server, not a crash
            }
        }
    }
}
