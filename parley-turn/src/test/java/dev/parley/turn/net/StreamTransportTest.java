package dev.parley.turn.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.proto.ChannelNumber;
import dev.parley.turn.proto.Lifetime;
import dev.parley.turn.proto.RequestedTransport;
import dev.parley.turn.proto.XorPeerAddress;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.LongTermKey;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunMessageBuilder;
import dev.parley.turn.stun.TextAttribute;
import dev.parley.turn.testing.TurnFixture;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TURN over TCP and TLS (RFC 8656 §3.1, §12.5): framing, ChannelData padding, allocation tied to the connection. */
class StreamTransportTest {
    private static SelfSignedCertificate certificate;
    private static TurnFixture turn;

    @BeforeAll
    static void start() throws Exception {
        certificate = new SelfSignedCertificate("localhost");
        var tls = SslContextBuilder.forServer(certificate.certificate(), certificate.privateKey()).build();
        turn = TurnFixture.start(b -> b, new TurnServer.Listeners("127.0.0.1", 0, 0, 0, tls, 2));
    }

    @AfterAll
    static void stop() {
        turn.close();
        certificate.delete();
    }

    @Test
    void allocateAndChannelDataOverTcpWithPaddingAndSplitAndJoinedWrites() throws Exception {
        try (Socket s = new Socket("127.0.0.1", turn.server.tcpPort()); DatagramSocket peer = new DatagramSocket(0, TurnFixture.ip("127.0.0.1"))) {
            s.setSoTimeout(2000);
            peer.setSoTimeout(2000);
            Stream c = new Stream(s);
            InetSocketAddress relayed = c.allocate();
            InetSocketAddress target = (InetSocketAddress) peer.getLocalSocketAddress();
            assertThat(c.signed(MessageType.CHANNEL_BIND, b -> b.add(ChannelNumber.TYPE, ChannelNumber.encode(0x4000))
                    .add(XorPeerAddress.TYPE, XorPeerAddress.encode(target, b.transactionId()))).type().messageClass())
                    .isEqualTo(MessageClass.SUCCESS);

            // Peer to client: 5 bytes become a ChannelData frame padded to 12 on a stream.
            peer.send(new DatagramPacket(new byte[] {1, 2, 3, 4, 5}, 5, relayed));
            byte[] frame = c.readFrame();
            assertThat(frame).hasSize(12);
            assertThat(ByteBuffer.wrap(frame).getShort(2)).isEqualTo((short) 5);
            assertThat(Arrays.copyOfRange(frame, 4, 9)).containsExactly(1, 2, 3, 4, 5);

            // Client to peer: a padded ChannelData and a Refresh in one write, then a frame split in two writes.
            byte[] data = ByteBuffer.allocate(12).putShort((short) 0x4000).putShort((short) 7).put("seven!!".getBytes()).array();
            byte[] refresh = c.build(MessageType.REFRESH, b -> b.add(Lifetime.TYPE, Lifetime.encode(1200)));
            c.out.write(ByteBuffer.allocate(data.length + refresh.length).put(data).put(refresh).array());
            c.out.write(Arrays.copyOfRange(data, 0, 3));
            c.out.flush();
            Thread.sleep(50);
            c.out.write(Arrays.copyOfRange(data, 3, data.length));
            DatagramPacket got = new DatagramPacket(new byte[64], 64);
            peer.receive(got);
            assertThat(new String(got.getData(), 0, got.getLength())).isEqualTo("seven!!");
            peer.receive(got);
            assertThat(got.getLength()).isEqualTo(7);
            StunMessage refreshed = StunMessage.decode(c.readFrame());
            assertThat(Lifetime.decode(refreshed.attribute(Lifetime.TYPE))).isEqualTo(1200);
        }
        awaitNoAllocations(); // closing the connection ends its allocation
    }

    /** A TLS ClientHello on the plain port (STUN's first bits, no magic cookie), and bytes that are neither STUN nor ChannelData. */
    @Test
    void aStreamThatIsNotTurnIsClosed() throws Exception {
        for (byte[] garbage : new byte[][] {{0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03}, {(byte) 0xff, 0, 0, 0}}) {
            try (Socket s = new Socket("127.0.0.1", turn.server.tcpPort())) {
                s.setSoTimeout(2000);
                s.getOutputStream().write(garbage);
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void allocateOverTls() throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) {}
            public void checkServerTrusted(X509Certificate[] c, String a) {}
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (Socket s = trustAll.getSocketFactory().createSocket("127.0.0.1", turn.server.tlsPort())) {
            s.setSoTimeout(5000);
            InetSocketAddress relayed = new Stream(s).allocate();
            assertThat(relayed.getAddress()).isEqualTo(TurnFixture.ip("127.0.0.1"));
        }
        awaitNoAllocations();
    }

    private static void awaitNoAllocations() throws InterruptedException {
        for (int i = 0; i < 100 && turn.server.engine().allocations().size() != 0; i++) Thread.sleep(20);
        assertThat(turn.server.engine().allocations().size()).isZero();
    }

    /** A minimal stream client: write a message, read the next framed message. */
    static final class Stream {
        final OutputStream out;
        final DataInputStream in;
        String realm;
        String nonce;

        Stream(Socket s) throws IOException {
            out = s.getOutputStream();
            in = new DataInputStream(s.getInputStream());
        }

        InetSocketAddress allocate() throws Exception {
            Consumer<StunMessageBuilder> udp = b -> b.add(RequestedTransport.TYPE, RequestedTransport.encode(17));
            StunMessage challenge = exchange(StunMessageBuilder.of(MessageType.of(MessageType.ALLOCATE, MessageClass.REQUEST))
                    .add(RequestedTransport.TYPE, RequestedTransport.encode(17)).build());
            assertThat(ErrorCode.code(challenge)).isEqualTo(401);
            realm = TextAttribute.REALM.read(challenge);
            nonce = TextAttribute.NONCE.read(challenge);
            StunMessage r = signed(MessageType.ALLOCATE, udp);
            assertThat(r.type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            return dev.parley.turn.testing.TurnClient.relayed(r);
        }

        StunMessage signed(int method, Consumer<StunMessageBuilder> attributes) throws Exception {
            return exchange(build(method, attributes));
        }

        byte[] build(int method, Consumer<StunMessageBuilder> attributes) {
            StunMessageBuilder b = StunMessageBuilder.of(MessageType.of(method, MessageClass.REQUEST));
            attributes.accept(b);
            return b.add(TextAttribute.USERNAME.type, TextAttribute.USERNAME.encode("alice"))
                    .add(TextAttribute.REALM.type, TextAttribute.REALM.encode(realm))
                    .add(TextAttribute.NONCE.type, TextAttribute.NONCE.encode(nonce))
                    .integrity(LongTermKey.md5("alice", realm, "wonderland")).buildWithFingerprint();
        }

        StunMessage exchange(byte[] request) throws Exception {
            out.write(request);
            out.flush();
            return StunMessage.decode(readFrame());
        }

        byte[] readFrame() throws IOException {
            byte[] header = new byte[4];
            in.readFully(header);
            int length = ByteBuffer.wrap(header).getShort(2) & 0xFFFF;
            int rest = (header[0] & 0xC0) == 0x40 ? (length + 3) & ~3 : 16 + length;
            byte[] frame = Arrays.copyOf(header, 4 + rest);
            in.readFully(frame, 4, rest);
            return frame;
        }
    }
}
