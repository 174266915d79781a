package dev.parley.server.doctor;

import dev.parley.turn.proto.Data;
import dev.parley.turn.proto.Lifetime;
import dev.parley.turn.proto.RequestedTransport;
import dev.parley.turn.proto.XorPeerAddress;
import dev.parley.turn.proto.XorRelayedAddress;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.LongTermKey;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunMessageBuilder;
import dev.parley.turn.stun.StunParseException;
import dev.parley.turn.stun.TextAttribute;
import dev.parley.turn.stun.XorMappedAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A TURN client as a browser is one (RFC 8656), over any {@link Wire}: Binding, an Allocate signed
 * with the long-term credentials after the first 401, CreatePermission, Send and Data indications,
 * and a Refresh of lifetime 0 to give the allocation back. Blocking; one per check, on its thread.
 */
final class TurnProbe implements AutoCloseable {
    /** A STUN/TURN error answer, with its code (403: the peer policy refused, 401: bad credentials). */
    static final class Refused extends IOException {
        final int code;

        Refused(int code, String what) {
            super(what + " was refused with " + code);
            this.code = code;
        }
    }

    /** A Data indication: what a peer sent to the relayed address, and from where. */
    record Received(InetSocketAddress peer, byte[] data) {}

    private final Wire wire;
    private final String username;
    private final String password;
    private final int timeoutMillis;
    private String realm;
    private String nonce;

    /** {@code username} and {@code password} may be null only for Binding, which is not signed. */
    TurnProbe(Wire wire, String username, String password, int timeoutMillis) {
        this.wire = wire;
        this.username = username;
        this.password = password;
        this.timeoutMillis = timeoutMillis;
    }

    /** This client's address as the server saw it (XOR-MAPPED-ADDRESS of a Binding). */
    InetSocketAddress binding() throws IOException {
        StunMessage answer = exchange(StunMessageBuilder.of(request(MessageType.BINDING)).buildWithFingerprint(), "Binding");
        return address(answer, XorMappedAddress.TYPE, "XOR-MAPPED-ADDRESS");
    }

    /**
     * An allocation: its relayed address, and this client as the server saw it (XOR-MAPPED-ADDRESS,
     * RFC 8656 §7.3; null if the server left it out).
     */
    record Allocated(InetSocketAddress relayed, InetSocketAddress mapped) {}

    /** A UDP relay (the only kind a browser asks for). */
    Allocated allocate() throws IOException {
        StunMessage answer = signed(MessageType.ALLOCATE, b -> b.add(RequestedTransport.TYPE, RequestedTransport.encode(RequestedTransport.UDP)),
                "Allocate");
        InetSocketAddress mapped = answer.attribute(XorMappedAddress.TYPE) == null ? null : address(answer, XorMappedAddress.TYPE, "XOR-MAPPED-ADDRESS");
        return new Allocated(address(answer, XorRelayedAddress.TYPE, "XOR-RELAYED-ADDRESS"), mapped);
    }

    void permit(InetAddress peer) throws IOException {
        signed(MessageType.CREATE_PERMISSION, b -> b.add(XorPeerAddress.TYPE, XorPeerAddress.encode(new InetSocketAddress(peer, 0),
                b.transactionId())), "CreatePermission for " + peer.getHostAddress());
    }

    void send(InetSocketAddress peer, byte[] data) throws IOException {
        byte[] tx = StunMessageBuilder.randomTransactionId();
        wire.send(StunMessageBuilder.of(MessageType.of(MessageType.SEND, MessageClass.INDICATION), tx)
                .add(XorPeerAddress.TYPE, XorPeerAddress.encode(peer, tx)).add(Data.TYPE, data).build());
    }

    /** The first Data indication carrying {@code data} within the timeout (others are passed over), or null. */
    Received receive(byte[] data) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            Received r = receive();
            if (r == null) return null;
            if (Arrays.equals(r.data(), data)) return r;
        }
        return null;
    }

    /** The next Data indication within the timeout, or null. */
    Received receive() throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            byte[] packet = left <= 0 ? null : wire.receive((int) left);
            if (packet == null) return null;
            StunMessage m = decodeOrNull(packet);
            if (m == null || m.type().method() != MessageType.DATA || m.type().messageClass() != MessageClass.INDICATION) continue;
            RawAttribute peer = m.attribute(XorPeerAddress.TYPE);
            RawAttribute data = m.attribute(Data.TYPE);
            if (peer == null || data == null) continue;
            try {
                return new Received(XorPeerAddress.decode(peer, m.transactionId()).address(), data.value());
            } catch (StunParseException e) {
                // not a Data indication we can read: keep waiting
            }
        }
    }

    /** Gives the allocation back; a failure here changes nothing the checks found. */
    void release() {
        try {
            signed(MessageType.REFRESH, b -> b.add(Lifetime.TYPE, Lifetime.encode(0)), "Refresh");
        } catch (IOException e) {
            // it expires by itself
        }
    }

    private StunMessage signed(int method, Consumer<StunMessageBuilder> attributes, String what) throws IOException {
        StunMessage answer = exchange(build(method, attributes), what);
        int code = ErrorCode.code(answer);
        if (code == ErrorCode.UNAUTHENTICATED && realm == null || code == ErrorCode.STALE_NONCE) {
            String newRealm;
            String newNonce;
            try {
                newRealm = TextAttribute.REALM.read(answer);
                newNonce = TextAttribute.NONCE.read(answer);
            } catch (StunParseException e) {
                newRealm = null;
                newNonce = null;
            }
            if (newRealm == null || newNonce == null) throw new IOException(what + ": the challenge had no realm or nonce");
            realm = newRealm;
            nonce = newNonce;
            answer = exchange(build(method, attributes), what);
            code = ErrorCode.code(answer);
        }
        if (answer.type().messageClass() != MessageClass.SUCCESS) throw new Refused(code, what);
        return answer;
    }

    private byte[] build(int method, Consumer<StunMessageBuilder> attributes) {
        StunMessageBuilder b = StunMessageBuilder.of(request(method));
        attributes.accept(b);
        if (realm != null) {
            b.add(TextAttribute.USERNAME.type, TextAttribute.USERNAME.encode(username))
                    .add(TextAttribute.REALM.type, TextAttribute.REALM.encode(realm))
                    .add(TextAttribute.NONCE.type, TextAttribute.NONCE.encode(nonce))
                    .integrity(LongTermKey.md5(username, realm, password));
        }
        return b.buildWithFingerprint();
    }

    /** The answer to this request; anything else arriving meanwhile is dropped (no check sends before it asks). */
    private StunMessage exchange(byte[] request, String what) throws IOException {
        byte[] tx = Arrays.copyOfRange(request, 8, 20);
        wire.send(request);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            byte[] packet = left <= 0 ? null : wire.receive((int) left);
            if (packet == null) throw new java.net.SocketTimeoutException(what + ": no answer within " + timeoutMillis + " ms");
            StunMessage m = decodeOrNull(packet);
            if (m != null && Arrays.equals(m.transactionId(), tx)) return m;
        }
    }

    private static StunMessage decodeOrNull(byte[] packet) {
        if (!StunMessage.looksLikeStun(packet, packet.length)) return null;
        try {
            return StunMessage.decode(packet);
        } catch (StunParseException e) {
            return null;
        }
    }

    private static InetSocketAddress address(StunMessage answer, int type, String name) throws IOException {
        RawAttribute a = answer.attribute(type);
        if (a == null) throw new IOException("the answer had no " + name);
        try {
            return XorMappedAddress.decode(a.value(), answer.transactionId());
        } catch (StunParseException e) {
            throw new IOException("the answer's " + name + " could not be read", e);
        }
    }

    private static MessageType request(int method) {
        return MessageType.of(method, MessageClass.REQUEST);
    }

    @Override
    public void close() {
        wire.close();
    }
}
