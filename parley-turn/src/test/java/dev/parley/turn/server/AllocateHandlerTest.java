package dev.parley.turn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.proto.DontFragment;
import dev.parley.turn.proto.EvenPort;
import dev.parley.turn.proto.Lifetime;
import dev.parley.turn.proto.RequestedAddressFamily;
import dev.parley.turn.proto.RequestedTransport;
import dev.parley.turn.proto.ReservationToken;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.Fingerprint;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunMessageBuilder;
import dev.parley.turn.stun.TextAttribute;
import dev.parley.turn.stun.UnknownAttributes;
import dev.parley.turn.stun.XorMappedAddress;
import dev.parley.turn.testing.TurnClient;
import dev.parley.turn.testing.TurnFixture;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Allocate, RFC 8656 §7.2: every success field and every error path. */
class AllocateHandlerTest {
    private static final int MIN_PORT = 40000, MAX_PORT = 40999;
    private static TurnFixture turn;

    @BeforeAll
    static void start() throws Exception {
        turn = TurnFixture.start(b -> b.ports(MIN_PORT, MAX_PORT));
    }

    @AfterAll
    static void stop() {
        turn.close();
    }

    private static Consumer<StunMessageBuilder> udp() {
        return b -> b.add(RequestedTransport.TYPE, RequestedTransport.encode(RequestedTransport.UDP));
    }

    private static StunMessage allocate(TurnClient c, Consumer<StunMessageBuilder> attributes) throws Exception {
        return c.request(MessageType.ALLOCATE, attributes);
    }

    @Test
    void successCarriesRelayedAddressInRangeLifetimeMappedAddressAndFingerprint() throws Exception {
        try (TurnClient c = turn.alice()) {
            StunMessage r = c.allocate();
            assertThat(r.type()).isEqualTo(MessageType.of(MessageType.ALLOCATE, MessageClass.SUCCESS));
            InetSocketAddress relayed = TurnClient.relayed(r);
            assertThat(relayed.getAddress()).isEqualTo(TurnFixture.ip("127.0.0.1"));
            assertThat(relayed.getPort()).isBetween(MIN_PORT, MAX_PORT);
            assertThat(Lifetime.decode(r.attribute(Lifetime.TYPE))).isEqualTo(600);
            assertThat(XorMappedAddress.decode(r.attribute(XorMappedAddress.TYPE).value(), r.transactionId())).isEqualTo(c.localAddress());
            assertThat(TextAttribute.SOFTWARE.read(r)).isEqualTo("Parley");
            assertThat(Fingerprint.verify(r)).isTrue();
        }
    }

    @Test
    void aRetransmissionGetsTheSameAnswerAndASecondAllocateIs437() throws Exception {
        try (TurnClient c = turn.alice()) {
            c.allocate();
            byte[] request = signedAllocate(c);
            StunMessage first = c.exchange(request);
            assertThat(ErrorCode.code(first)).isEqualTo(437); // the 5-tuple already has an allocation
        }
        try (TurnClient c = turn.alice()) {
            c.allocate(); // 401 first, then success: the helper has realm and nonce now
            c.request(MessageType.REFRESH, b -> b.add(Lifetime.TYPE, Lifetime.encode(0)));
            byte[] request = signedAllocate(c);
            StunMessage original = c.exchange(request);
            StunMessage again = c.exchange(request);
            assertThat(original.type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            assertThat(TurnClient.relayed(again)).isEqualTo(TurnClient.relayed(original));
        }
    }

    @Test
    void lifetimeIsRaisedToTheDefaultAndCappedAtTheMaximum() throws Exception {
        try (TurnClient shortOne = turn.alice(); TurnClient longOne = turn.alice()) {
            StunMessage a = allocate(shortOne, udp().andThen(b -> b.add(Lifetime.TYPE, Lifetime.encode(10))));
            StunMessage b = allocate(longOne, udp().andThen(x -> x.add(Lifetime.TYPE, Lifetime.encode(999_999))));
            assertThat(Lifetime.decode(a.attribute(Lifetime.TYPE))).isEqualTo(600);
            assertThat(Lifetime.decode(b.attribute(Lifetime.TYPE))).isEqualTo(3600);
        }
    }

    @Test
    void missingTransportIs400AndTcpIs442() throws Exception {
        try (TurnClient c = turn.alice()) {
            assertThat(ErrorCode.code(allocate(c, b -> {}))).isEqualTo(400);
            assertThat(ErrorCode.code(allocate(c, b -> b.add(RequestedTransport.TYPE, RequestedTransport.encode(RequestedTransport.TCP)))))
                    .isEqualTo(442);
        }
    }

    @Test
    void ipv6WithoutAnIpv6RelayAndUnknownFamiliesAre440() throws Exception {
        try (TurnClient c = turn.alice()) {
            assertThat(ErrorCode.code(allocate(c, udp().andThen(b -> b.add(RequestedAddressFamily.TYPE,
                    RequestedAddressFamily.encode(RequestedAddressFamily.IPV6)))))).isEqualTo(440);
            assertThat(ErrorCode.code(allocate(c, udp().andThen(b -> b.add(RequestedAddressFamily.TYPE, RequestedAddressFamily.encode(3))))))
                    .isEqualTo(440);
        }
    }

    @Test
    void evenPortWithReservationAndTheTokenClaimsTheNextPort() throws Exception {
        try (TurnClient rtp = turn.alice(); TurnClient rtcp = turn.alice(); TurnClient late = turn.alice()) {
            StunMessage r = allocate(rtp, udp().andThen(b -> b.add(EvenPort.TYPE, EvenPort.encode(true))));
            int port = TurnClient.relayed(r).getPort();
            assertThat(port % 2).isZero();
            long token = ReservationToken.decode(r.attribute(ReservationToken.TYPE));
            StunMessage claimed = allocate(rtcp, udp().andThen(b -> b.add(ReservationToken.TYPE, ReservationToken.encode(token))));
            assertThat(TurnClient.relayed(claimed).getPort()).isEqualTo(port + 1);
            // A token is good once.
            assertThat(ErrorCode.code(allocate(late, udp().andThen(b -> b.add(ReservationToken.TYPE, ReservationToken.encode(token))))))
                    .isEqualTo(508);
        }
    }

    @Test
    void evenPortWithoutReservationIsEven() throws Exception {
        try (TurnClient c = turn.alice()) {
            StunMessage r = allocate(c, udp().andThen(b -> b.add(EvenPort.TYPE, EvenPort.encode(false))));
            assertThat(TurnClient.relayed(r).getPort() % 2).isZero();
            assertThat(r.attribute(ReservationToken.TYPE)).isNull();
        }
    }

    @Test
    void reservationTokenWithEvenPortOrFamilyIs400() throws Exception {
        try (TurnClient c = turn.alice()) {
            var token = udp().andThen(b -> b.add(ReservationToken.TYPE, ReservationToken.encode(42)));
            assertThat(ErrorCode.code(allocate(c, token.andThen(b -> b.add(EvenPort.TYPE, EvenPort.encode(false)))))).isEqualTo(400);
            assertThat(ErrorCode.code(allocate(c, token.andThen(b -> b.add(RequestedAddressFamily.TYPE,
                    RequestedAddressFamily.encode(RequestedAddressFamily.IPV4)))))).isEqualTo(400);
        }
    }

    @Test
    void dontFragmentIsHonoured() throws Exception {
        try (TurnClient c = turn.alice()) {
            StunMessage r = allocate(c, udp().andThen(b -> b.add(DontFragment.TYPE, new byte[0])));
            assertThat(r.type().messageClass()).isEqualTo(MessageClass.SUCCESS);
        }
    }

    @Test
    void anUnknownComprehensionRequiredAttributeIs420SignedAndNamed() throws Exception {
        try (TurnClient c = turn.alice()) {
            StunMessage r = allocate(c, udp().andThen(b -> b.add(0x0031, new byte[4]).add(0xC001, new byte[4])));
            assertThat(ErrorCode.code(r)).isEqualTo(420);
            assertThat(r.attribute(UnknownAttributes.TYPE).value()).containsExactly(0x00, 0x31);
            assertThat(dev.parley.turn.stun.MessageIntegrity.verify(r, c.key())).isTrue();
        }
    }

    @Test
    void aMalformedKnownAttributeIs400() throws Exception {
        try (TurnClient c = turn.alice()) {
            assertThat(ErrorCode.code(allocate(c, b -> b.add(RequestedTransport.TYPE, new byte[3])))).isEqualTo(400);
            assertThat(ErrorCode.code(allocate(c, udp().andThen(b -> b.add(Lifetime.TYPE, new byte[2]))))).isEqualTo(400);
        }
    }

    private static byte[] signedAllocate(TurnClient c) {
        StunMessageBuilder b = StunMessageBuilder.of(TurnClient.request(MessageType.ALLOCATE));
        udp().accept(b);
        return b.add(TextAttribute.USERNAME.type, TextAttribute.USERNAME.encode("alice"))
                .add(TextAttribute.REALM.type, TextAttribute.REALM.encode(TurnConfig.DEFAULT_REALM))
                .add(TextAttribute.NONCE.type, TextAttribute.NONCE.encode(c.nonce()))
                .integrity(c.key()).buildWithFingerprint();
    }
}
