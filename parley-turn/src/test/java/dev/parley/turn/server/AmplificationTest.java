package dev.parley.turn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.Fingerprint;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunMessageBuilder;
import dev.parley.turn.stun.TextAttribute;
import dev.parley.turn.testing.TurnFixture;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a spoofed unauthenticated request draws (issue 12, finding 14): the 401 to a bare 20-byte
 * Allocate is header (20) + ERROR-CODE (20) + REALM "parley" (12) + NONCE (28) = 80 bytes, 4×;
 * it was 120 (6×) with SOFTWARE, FINGERPRINT, the longer reason and a 40-character nonce.
 */
class AmplificationTest {
    /** The bound docs/security.md states for the default realm. */
    static final int MAX_CHALLENGE_BYTES = 80;
    private static TurnFixture turn;

    @BeforeAll
    static void start() throws Exception {
        turn = TurnFixture.start(b -> b); // default realm "parley"
    }

    @AfterAll
    static void stop() {
        turn.close();
    }

    @Test
    void aBare20ByteAllocateDrawsA401OfAtMost80BytesWithoutSoftwareOrFingerprint() throws Exception {
        byte[] request = StunMessageBuilder.of(MessageType.of(MessageType.ALLOCATE, MessageClass.REQUEST)).build();
        assertThat(request).hasSize(20);
        byte[] reply = exchange(request);
        StunMessage r = StunMessage.decode(reply);
        assertThat(ErrorCode.code(r)).isEqualTo(401);
        assertThat(TextAttribute.REALM.read(r)).isEqualTo(TurnConfig.DEFAULT_REALM);
        assertThat(TextAttribute.NONCE.read(r)).isNotEmpty();
        assertThat(r.attribute(TextAttribute.SOFTWARE.type)).isNull();
        assertThat(r.attribute(Fingerprint.TYPE)).isNull();
        assertThat(reply.length).as("401 to a 20-byte request").isLessThanOrEqualTo(MAX_CHALLENGE_BYTES);
    }

    @Test
    void aRequestWithFingerprintGetsOneBackAndStillNoSoftware() throws Exception {
        byte[] request = StunMessageBuilder.of(MessageType.of(MessageType.ALLOCATE, MessageClass.REQUEST)).buildWithFingerprint();
        byte[] reply = exchange(request);
        StunMessage r = StunMessage.decode(reply);
        assertThat(ErrorCode.code(r)).isEqualTo(401);
        assertThat(Fingerprint.verify(r)).isTrue();
        assertThat(r.attribute(TextAttribute.SOFTWARE.type)).isNull();
        assertThat(reply.length - request.length).isLessThanOrEqualTo(MAX_CHALLENGE_BYTES - 20);
    }

    @Test
    void aBare20ByteBindingDrawsAt32Bytes() throws Exception {
        byte[] reply = exchange(StunMessageBuilder.of(MessageType.of(MessageType.BINDING, MessageClass.REQUEST)).build());
        assertThat(reply.length).isLessThanOrEqualTo(32); // header + XOR-MAPPED-ADDRESS (IPv4)
    }

    private static byte[] exchange(byte[] request) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, TurnFixture.ip("127.0.0.1"))) {
            s.setSoTimeout(2000);
            s.send(new DatagramPacket(request, request.length, turn.udp()));
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            return Arrays.copyOf(buf, p.getLength());
        }
    }
}
