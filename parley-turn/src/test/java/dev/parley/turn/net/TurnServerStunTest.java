package dev.parley.turn.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.auth.StaticUsers;
import dev.parley.turn.server.TurnConfig;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.Fingerprint;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.Rfc5769Test;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunMessageBuilder;
import dev.parley.turn.stun.TextAttribute;
import dev.parley.turn.stun.XorMappedAddress;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TurnServerStunTest {
    private static TurnServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TurnServer.start(TurnConfig.builder(new StaticUsers(Map.of()), InetAddress.getByName("127.0.0.1")).build(),
                TurnServer.Listeners.loopbackAnyPorts());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** coturn's own STUN client, the reference peer, asks Parley for its reflexive address. */
    @Test
    void coturnsStunClientGetsItsAddress() throws Exception {
        Path client = Path.of("/usr/bin/turnutils_stunclient");
        assertThat(Files.isExecutable(client)).as("coturn's tools (./scripts/test installs them: apt-get install coturn)").isTrue();
        Process p = new ProcessBuilder(client.toString(), "-p", String.valueOf(server.udpPort()), "127.0.0.1")
                .redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly(); // it retries for ever against a server that stays silent
            throw new AssertionError("turnutils_stunclient got no answer within 10 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("UDP reflexive addr: 127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void bindingAnswersWithTheSendersAddressAndFingerprintButNoSoftware() throws Exception {
        try (var socket = socket()) {
            byte[] request = StunMessageBuilder.of(MessageType.of(MessageType.BINDING, MessageClass.REQUEST)).buildWithFingerprint();
            StunMessage response = StunMessage.decode(exchange(socket, request));
            assertThat(response.type()).isEqualTo(MessageType.of(MessageType.BINDING, MessageClass.SUCCESS));
            assertThat(response.transactionId()).isEqualTo(StunMessage.decode(request).transactionId());
            assertThat(XorMappedAddress.decode(response.attribute(XorMappedAddress.TYPE).value(), response.transactionId()))
                    .isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort()));
            assertThat(response.attribute(TextAttribute.SOFTWARE.type)).as("unauthenticated: no SOFTWARE").isNull();
            assertThat(Fingerprint.verify(response)).as("FINGERPRINT, as the request had one").isTrue();
        }
    }

    /** RFC 5769 §2.1 is an ICE check: PRIORITY (0x0024) means nothing to a STUN server, so 420 names it. */
    @Test
    void unknownComprehensionRequiredAttributesAre420WithTheirTypes() throws Exception {
        try (var socket = socket()) {
            StunMessage response = StunMessage.decode(exchange(socket, Rfc5769Test.vector("2.1-sample-request")));
            assertThat(response.type().messageClass()).isEqualTo(MessageClass.ERROR);
            assertThat(ErrorCode.code(response)).isEqualTo(420);
            assertThat(response.attribute(0x000A).value()).containsExactly(0x00, 0x24); // comprehension-optional 0x8029 is not listed
        }
    }

    @Test
    void garbageBadFingerprintsAndIndicationsGetNoAnswerAndTheServerCarriesOn() throws Exception {
        try (var socket = socket()) {
            socket.setSoTimeout(300);
            byte[] good = StunMessageBuilder.of(MessageType.of(MessageType.BINDING, MessageClass.REQUEST)).buildWithFingerprint();
            byte[] badFingerprint = good.clone();
            badFingerprint[good.length - 1] ^= 1;
            byte[] indication = StunMessageBuilder.of(MessageType.of(MessageType.BINDING, MessageClass.INDICATION)).build();
            for (byte[] junk : new byte[][] {"hello".getBytes(), new byte[0], new byte[2000], badFingerprint, indication,
                    HexFormat.of().parseHex("000100042112a442000000000000000000000000")}) {
                send(socket, junk);
                assertThat(receive(socket)).as("no answer").isNull();
            }
            socket.setSoTimeout(2000);
            assertThat(StunMessage.decode(exchange(socket, good)).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
        }
    }

    private static DatagramSocket socket() throws IOException {
        var s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        s.setSoTimeout(2000);
        return s;
    }

    private static byte[] exchange(DatagramSocket s, byte[] request) throws IOException {
        send(s, request);
        byte[] r = receive(s);
        assertThat(r).as("a response").isNotNull();
        return r;
    }

    private static void send(DatagramSocket s, byte[] b) throws IOException {
        s.send(new DatagramPacket(b, b.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort())));
    }

    private static byte[] receive(DatagramSocket s) throws IOException {
        var packet = new DatagramPacket(new byte[1500], 1500);
        try {
            s.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return java.util.Arrays.copyOf(packet.getData(), packet.getLength());
    }
}
