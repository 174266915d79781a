package dev.parley.server.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.policy.Cidr;
import dev.parley.turn.proto.RequestedTransport;
import dev.parley.turn.stun.LongTermKey;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunMessageBuilder;
import dev.parley.turn.stun.TextAttribute;
import dev.parley.turn.stun.XorMappedAddress;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The built-in server as the options start it with an IPv4 and an IPv6 relay address: its listeners
 * on {@code ::} serve clients of both families, each getting a relayed address of its own family, and
 * the unauthenticated rate given is the one applied.
 */
class DualStackEmbeddedTurnTest {
    private static TurnOptions options(int rate, int burst) throws Exception {
        return new TurnOptions("::", 0, -1, InetAddress.getByName("127.0.0.1"), null, 49152, 65535,
                List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")), "dual-stack-embedded-secret-0123", Map.of("kiosk", "pa55word"),
                Duration.ofHours(1), 100, 10, 0, null, false, List.of(), 100, 100, 100, Duration.ofSeconds(10),
                InetAddress.getByName("::1"), null, dev.parley.turn.server.TurnConfig.DefaultFamily.CLIENT, rate, burst);
    }

    @Test
    void clientsOfBothFamiliesGetARelayOfTheirOwnFamily() throws Exception {
        try (EmbeddedTurn turn = EmbeddedTurn.start(options(1000, 10_000), null)) {
            int port = turn.udpPort();
            assertThat(relayedTo("127.0.0.1", port)).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(relayedTo("::1", port)).isEqualTo(InetAddress.getByName("::1"));
        }
    }

    @Test
    void theUnauthenticatedRateGivenIsApplied() throws Exception {
        // Ten Binding answers' worth at once, and one a second: the eleventh Binding in a row goes unanswered.
        try (EmbeddedTurn turn = EmbeddedTurn.start(options(1, 10), null); DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("::1"))) {
            s.setSoTimeout(300);
            byte[] binding = StunMessageBuilder.of(MessageType.of(MessageType.BINDING, MessageClass.REQUEST)).build();
            // All sent at once, then the answers counted: the bucket refills by only a thousandth meanwhile.
            for (int i = 0; i < 12; i++) s.send(new DatagramPacket(binding, binding.length, new InetSocketAddress("::1", turn.udpPort())));
            int answered = 0;
            try {
                while (answered < 12) {
                    s.receive(new DatagramPacket(new byte[256], 256));
                    answered++;
                }
            } catch (SocketTimeoutException e) {
                // no more answers: the rest were over the budget
            }
            // Over IPv6 a Binding answer is 44 bytes (a 16-byte address): 1.375 each, so 7 fit in 10.
            assertThat(answered).isEqualTo(7);
            assertThat(turn.stats().droppedRateLimited.sum()).isEqualTo(5);
        }
    }

    /** The relayed address an Allocate from {@code local} (by the static user, no family named) gets. */
    private static InetAddress relayedTo(String local, int port) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(local))) {
            socket.setSoTimeout(2000);
            var server = new InetSocketAddress(local, port);
            StunMessage challenge = exchange(socket, server, request().build());
            String realm = TextAttribute.REALM.read(challenge);
            StunMessage r = exchange(socket, server, request()
                    .add(TextAttribute.USERNAME.type, TextAttribute.USERNAME.encode("kiosk"))
                    .add(TextAttribute.REALM.type, TextAttribute.REALM.encode(realm))
                    .add(TextAttribute.NONCE.type, TextAttribute.NONCE.encode(TextAttribute.NONCE.read(challenge)))
                    .integrity(LongTermKey.md5("kiosk", realm, "pa55word")).buildWithFingerprint());
            assertThat(r.type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            return XorMappedAddress.decode(r.attribute(0x0016).value(), r.transactionId()).getAddress();
        }
    }

    private static StunMessageBuilder request() {
        return StunMessageBuilder.of(MessageType.of(MessageType.ALLOCATE, MessageClass.REQUEST))
                .add(RequestedTransport.TYPE, RequestedTransport.encode(RequestedTransport.UDP));
    }

    private static StunMessage exchange(DatagramSocket socket, InetSocketAddress to, byte[] message) throws Exception {
        socket.send(new DatagramPacket(message, message.length, to));
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        socket.receive(p);
        return StunMessage.decode(Arrays.copyOf(p.getData(), p.getLength()));
    }
}
