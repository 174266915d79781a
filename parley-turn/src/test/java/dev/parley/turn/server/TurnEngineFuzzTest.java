package dev.parley.turn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.turn.allocation.ClientLink;
import dev.parley.turn.allocation.FiveTuple;
import dev.parley.turn.auth.StaticUsers;
import dev.parley.turn.policy.Cidr;
import dev.parley.turn.policy.PeerPolicy;
import dev.parley.turn.proto.RequestedTransport;
import dev.parley.turn.stun.LongTermKey;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunMessageBuilder;
import dev.parley.turn.stun.TextAttribute;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole in-process path of the TURN engine under fuzzed sequences of messages: raw bytes,
 * ChannelData, and requests the harness signs correctly (so the fuzzer reaches the handlers
 * behind authentication) with fuzzed methods and attributes. Nothing may throw; every request that
 * is answered gets a well-formed STUN response with its transaction id.
 */
class TurnEngineFuzzTest {
    private static final int[] METHODS = {MessageType.BINDING, MessageType.ALLOCATE, MessageType.REFRESH,
            MessageType.CREATE_PERMISSION, MessageType.CHANNEL_BIND, MessageType.SEND, 0x00A, 0xFFF};
    private static final int[] TYPES = {0x0001, 0x0006, 0x0009, 0x000A, 0x000C, 0x000D, 0x0012, 0x0013, 0x0014, 0x0015,
            0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x0020, 0x0022, 0x8000, 0x8022, 0x0031, 0xC057};
    private static EventLoopGroup group;
    private static EventLoop loop;
    private static TurnEngine engine;
    private static String nonce;

    @BeforeAll
    static void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = group.next();
        engine = new TurnEngine(TurnConfig.builder(new StaticUsers(Map.of("alice", "wonderland")), InetAddress.getByName("127.0.0.1"))
                .peerPolicy(PeerPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"))))
                .unauthenticatedRate(1e9, 1_000_000_000).unauthenticatedErrorsPerSecond(1e9).maxAllocations(1_000_000, 1_000_000).build());
        Link link = new Link(40000);
        run(link, StunMessageBuilder.of(MessageType.of(MessageType.ALLOCATE, MessageClass.REQUEST))
                .add(RequestedTransport.TYPE, RequestedTransport.encode(17)).build());
        nonce = TextAttribute.NONCE.read(StunMessage.decode(link.sent.getFirst()));
    }

    @AfterAll
    static void stop() {
        engine.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @FuzzTest(maxDuration = "30s")
    void anySequenceOfMessages(FuzzedDataProvider data) throws Exception {
        Link link = new Link(data.consumeInt(1, 65535));
        try {
            int messages = data.consumeInt(1, 6);
            for (int i = 0; i < messages && data.remainingBytes() > 0; i++) {
                switch (data.consumeInt(0, 2)) {
                    case 0 -> run(link, data.consumeBytes(data.consumeInt(0, 600)));
                    case 1 -> run(link, channelData(data));
                    default -> {
                        byte[] request = signed(data);
                        link.sent.clear();
                        run(link, request);
                        for (byte[] response : link.sent) {
                            StunMessage m = StunMessage.decode(response);
                            assertThat(m.transactionId()).isEqualTo(Arrays.copyOfRange(request, 8, 20));
                        }
                    }
                }
            }
        } finally {
            loop.submit(() -> engine.disconnected(link)).get(5, TimeUnit.SECONDS); // free the relay sockets
        }
    }

    private static byte[] channelData(FuzzedDataProvider data) {
        byte[] payload = data.consumeBytes(data.consumeInt(0, 300));
        return ByteBufUtil.getBytes(Unpooled.buffer().writeShort(data.consumeInt(0x4000, 0x7FFF)).writeShort(data.consumeInt(0, 400))
                .writeBytes(payload));
    }

    private static byte[] signed(FuzzedDataProvider data) {
        int method = data.pickValue(METHODS);
        MessageClass c = data.consumeBoolean() ? MessageClass.REQUEST : MessageClass.INDICATION;
        StunMessageBuilder b = StunMessageBuilder.of(MessageType.of(method, c));
        int attributes = data.consumeInt(0, 5);
        for (int i = 0; i < attributes; i++) b.add(data.pickValue(TYPES), data.consumeBytes(data.consumeInt(0, 24)));
        return b.add(TextAttribute.USERNAME.type, TextAttribute.USERNAME.encode("alice"))
                .add(TextAttribute.REALM.type, TextAttribute.REALM.encode(TurnConfig.DEFAULT_REALM))
                .add(TextAttribute.NONCE.type, TextAttribute.NONCE.encode(nonce))
                .integrity(LongTermKey.md5("alice", TurnConfig.DEFAULT_REALM, "wonderland")).buildWithFingerprint();
    }

    private static void run(Link link, byte[] message) throws Exception {
        loop.submit(() -> {
            ByteBuf buf = Unpooled.wrappedBuffer(message);
            try {
                engine.receive(buf, link);
            } finally {
                buf.release();
            }
        }).get(5, TimeUnit.SECONDS); // an exception in the engine fails the input here
    }

    /** A client on 127.0.0.1 whose answers are kept for inspection. */
    private static final class Link implements ClientLink {
        final FiveTuple tuple;
        final List<byte[]> sent = new ArrayList<>();

        Link(int port) {
            tuple = new FiveTuple(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 3478), FiveTuple.Transport.UDP);
        }

        @Override
        public FiveTuple tuple() {
            return tuple;
        }

        @Override
        public void send(ByteBuf message) {
            sent.add(ByteBufUtil.getBytes(message));
            message.release();
        }

        @Override
        public EventLoop eventLoop() {
            return loop;
        }
    }
}
