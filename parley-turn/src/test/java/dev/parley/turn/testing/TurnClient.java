package dev.parley.turn.testing;

import dev.parley.turn.proto.ChannelNumber;
import dev.parley.turn.proto.Data;
import dev.parley.turn.proto.RequestedTransport;
import dev.parley.turn.proto.XorPeerAddress;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.LongTermKey;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunMessageBuilder;
import dev.parley.turn.stun.StunParseException;
import dev.parley.turn.stun.TextAttribute;
import dev.parley.turn.stun.XorMappedAddress;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * A small TURN client over UDP for tests: signs requests with the long-term mechanism after the
 * first 401 (or a 438), and keeps non-response packets (Data indications, ChannelData) for
 * {@link #receive}. Written from the RFCs, independently of the server's request handling.
 */
public final class TurnClient implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final String username;
    private final String password;
    private final Deque<byte[]> other = new ArrayDeque<>();
    private String realm;
    private String nonce;

    public TurnClient(InetSocketAddress server, String username, String password) throws IOException {
        this(server, server.getAddress(), username, password);
    }

    public TurnClient(InetSocketAddress server, InetAddress local, String username, String password) throws IOException {
        this.socket = new DatagramSocket(0, local);
        this.socket.setSoTimeout(2000);
        this.server = server;
        this.username = username;
        this.password = password;
    }

    public static MessageType request(int method) {
        return MessageType.of(method, MessageClass.REQUEST);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** A request signed if a realm and nonce are known; one 401/438 is answered by signing (again) with the new nonce. */
    public StunMessage request(int method, Consumer<StunMessageBuilder> attributes) throws IOException {
        StunMessage response = exchange(build(method, attributes, true));
        int code = ErrorCode.code(response);
        if (code == ErrorCode.UNAUTHENTICATED && realm == null || code == ErrorCode.STALE_NONCE) {
            learn(response);
            response = exchange(build(method, attributes, true));
        }
        return response;
    }

    /** A request without any credentials. */
    public StunMessage unsigned(int method, Consumer<StunMessageBuilder> attributes) throws IOException {
        return exchange(build(method, attributes, false));
    }

    public StunMessage allocate() throws IOException {
        return request(MessageType.ALLOCATE, b -> b.add(RequestedTransport.TYPE, RequestedTransport.encode(RequestedTransport.UDP)));
    }

    public StunMessage createPermission(InetSocketAddress... peers) throws IOException {
        return request(MessageType.CREATE_PERMISSION, b -> {
            for (InetSocketAddress p : peers) b.add(XorPeerAddress.TYPE, XorPeerAddress.encode(p, txOf(b)));
        });
    }

    public StunMessage channelBind(int channel, InetSocketAddress peer) throws IOException {
        return request(MessageType.CHANNEL_BIND, b -> b.add(ChannelNumber.TYPE, ChannelNumber.encode(channel))
                .add(XorPeerAddress.TYPE, XorPeerAddress.encode(peer, txOf(b))));
    }

    /** CreatePermission naming an IPv6 literal exactly as written, even an IPv4-mapped one Java would turn into IPv4. */
    public StunMessage createPermission6(String literal, int port) throws IOException {
        return request(MessageType.CREATE_PERMISSION, b -> b.add(XorPeerAddress.TYPE, rawIpv6Peer(literal, port, b.transactionId())));
    }

    public StunMessage channelBind6(int channel, String literal, int port) throws IOException {
        return request(MessageType.CHANNEL_BIND, b -> b.add(ChannelNumber.TYPE, ChannelNumber.encode(channel))
                .add(XorPeerAddress.TYPE, rawIpv6Peer(literal, port, b.transactionId())));
    }

    public void sendIndication6(String literal, int port, byte[] data) throws IOException {
        byte[] tx = StunMessageBuilder.randomTransactionId();
        sendRaw(StunMessageBuilder.of(MessageType.of(MessageType.SEND, MessageClass.INDICATION), tx)
                .add(XorPeerAddress.TYPE, rawIpv6Peer(literal, port, tx)).add(Data.TYPE, data).build());
    }

    /** XOR-PEER-ADDRESS with the IPv6 family and these 16 bytes, written out per RFC 8489 §14.2. */
    static byte[] rawIpv6Peer(String literal, int port, byte[] tx) {
        byte[] ip;
        try {
            ip = InetAddress.getByName(literal).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        if (ip.length == 4) { // Java made ::ffff:a.b.c.d into IPv4; put the mapped prefix back
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(ip, 0, mapped, 12, 4);
            ip = mapped;
        }
        byte[] mask = ByteBuffer.allocate(16).putInt(StunMessage.MAGIC_COOKIE).put(tx).array();
        ByteBuffer out = ByteBuffer.allocate(20).put((byte) 0).put((byte) 2).putShort((short) (port ^ 0x2112));
        for (int i = 0; i < 16; i++) out.put((byte) (ip[i] ^ mask[i]));
        return out.array();
    }

    public void sendIndication(InetSocketAddress peer, byte[] data, Consumer<StunMessageBuilder> extra) throws IOException {
        byte[] tx = StunMessageBuilder.randomTransactionId();
        StunMessageBuilder b = StunMessageBuilder.of(MessageType.of(MessageType.SEND, MessageClass.INDICATION), tx)
                .add(XorPeerAddress.TYPE, XorPeerAddress.encode(peer, tx)).add(Data.TYPE, data);
        extra.accept(b);
        sendRaw(b.build());
    }

    public void channelData(int channel, byte[] data) throws IOException {
        sendRaw(ByteBuffer.allocate(4 + data.length).putShort((short) channel).putShort((short) data.length).put(data).array());
    }

    public void sendRaw(byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, server));
    }

    /** Sends a Binding request; whether an answer came within 300 ms. */
    public boolean receiveBinding() throws IOException {
        byte[] request = StunMessageBuilder.of(request(MessageType.BINDING)).build();
        socket.setSoTimeout(300);
        try {
            exchange(request);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            socket.setSoTimeout(2000);
        }
    }

    /** The next packet that was not a response, or null after the timeout. */
    public byte[] receive(int timeoutMillis) throws IOException {
        if (!other.isEmpty()) return other.poll();
        socket.setSoTimeout(timeoutMillis);
        try {
            return read();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(2000);
        }
    }

    /** The response to this request, keeping anything else that arrives meanwhile. */
    public StunMessage exchange(byte[] request) throws IOException {
        byte[] tx = Arrays.copyOfRange(request, 8, 20);
        sendRaw(request);
        while (true) {
            byte[] packet = read();
            if (StunMessage.looksLikeStun(packet, packet.length) && Arrays.equals(Arrays.copyOfRange(packet, 8, 20), tx)) {
                try {
                    return StunMessage.decode(packet);
                } catch (StunParseException e) {
                    throw new IOException("bad response: " + e.getMessage(), e);
                }
            }
            other.add(packet);
        }
    }

    public byte[] key() {
        return LongTermKey.md5(username, realm, password);
    }

    public String nonce() {
        return nonce;
    }

    public void nonce(String nonce) {
        this.nonce = nonce;
    }

    private byte[] build(int method, Consumer<StunMessageBuilder> attributes, boolean sign) {
        StunMessageBuilder b = StunMessageBuilder.of(request(method));
        attributes.accept(b);
        if (sign && realm != null) {
            b.add(TextAttribute.USERNAME.type, TextAttribute.USERNAME.encode(username))
                    .add(TextAttribute.REALM.type, TextAttribute.REALM.encode(realm))
                    .add(TextAttribute.NONCE.type, TextAttribute.NONCE.encode(nonce))
                    .integrity(key());
        }
        return b.buildWithFingerprint();
    }

    private void learn(StunMessage challenge) throws IOException {
        try {
            realm = TextAttribute.REALM.read(challenge);
            nonce = TextAttribute.NONCE.read(challenge);
        } catch (StunParseException e) {
            throw new IOException(e);
        }
    }

    private byte[] read() throws IOException {
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        return Arrays.copyOf(buf, p.getLength());
    }

    /** The transaction id of a message being built (XOR addresses need it). */
    private static byte[] txOf(StunMessageBuilder b) {
        return b.transactionId();
    }

    public static InetSocketAddress relayed(StunMessage allocateResponse) throws StunParseException {
        return XorMappedAddress.decode(allocateResponse.attribute(0x0016).value(), allocateResponse.transactionId());
    }

    /** Every XOR-RELAYED-ADDRESS in the response, in order (two for a dual allocation). */
    public static java.util.List<InetSocketAddress> allRelayed(StunMessage allocateResponse) throws StunParseException {
        java.util.List<InetSocketAddress> out = new java.util.ArrayList<>();
        for (var a : allocateResponse.attributes()) {
            if (a.type() == 0x0016) out.add(XorMappedAddress.decode(a.value(), allocateResponse.transactionId()));
        }
        return out;
    }

    public static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public void close() {
        socket.close();
    }
}
