package dev.parley.turn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.proto.Data;
import dev.parley.turn.proto.DontFragment;
import dev.parley.turn.proto.XorPeerAddress;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.testing.TurnClient;
import dev.parley.turn.testing.TurnFixture;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Data through the relay both ways (RFC 8656 §11, §12), and what is dropped. */
class DataHandlerTest {
    private static TurnFixture turn;

    @BeforeAll
    static void start() throws Exception {
        turn = TurnFixture.start(b -> b);
    }

    @AfterAll
    static void stop() {
        turn.close();
    }

    @Test
    void sendIndicationReachesThePeerAndItsAnswerComesBackAsADataIndication() throws Exception {
        try (TurnClient c = turn.alice(); DatagramSocket peer = peer("127.0.0.1")) {
            InetSocketAddress relayed = TurnClient.relayed(c.allocate());
            assertThat(c.createPermission(address(peer)).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            c.sendIndication(address(peer), bytes("hello peer"), b -> {});
            DatagramPacket got = receive(peer);
            assertThat(text(got)).isEqualTo("hello peer");
            assertThat(got.getSocketAddress()).isEqualTo(relayed);

            peer.send(new DatagramPacket(bytes("hello client"), 12, relayed));
            StunMessage data = StunMessage.decode(c.receive(2000));
            assertThat(data.type()).isEqualTo(MessageType.of(MessageType.DATA, MessageClass.INDICATION));
            assertThat(XorPeerAddress.decode(data.attribute(XorPeerAddress.TYPE), data.transactionId()).address()).isEqualTo(address(peer));
            assertThat(new String(data.attribute(Data.TYPE).value(), StandardCharsets.UTF_8)).isEqualTo("hello client");
        }
    }

    @Test
    void channelDataBothWays() throws Exception {
        try (TurnClient c = turn.alice(); DatagramSocket peer = peer("127.0.0.1")) {
            InetSocketAddress relayed = TurnClient.relayed(c.allocate());
            assertThat(c.channelBind(0x4abc, address(peer)).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            c.channelData(0x4abc, bytes("over the channel"));
            assertThat(text(receive(peer))).isEqualTo("over the channel");

            byte[] odd = bytes("five!");
            peer.send(new DatagramPacket(odd, odd.length, relayed));
            ByteBuffer frame = ByteBuffer.wrap(c.receive(2000));
            assertThat(frame.getShort() & 0xFFFF).isEqualTo(0x4abc);
            assertThat(frame.getShort()).isEqualTo((short) 5);
            byte[] payload = new byte[5];
            frame.get(payload);
            assertThat(payload).isEqualTo(odd);
            assertThat(frame.remaining()).as("no padding over UDP").isZero();
        }
    }

    @Test
    void withoutPermissionNothingPassesEitherWay() throws Exception {
        try (TurnClient c = turn.alice(); DatagramSocket peer = peer("127.0.0.1"); DatagramSocket stranger = peer("127.0.0.2")) {
            InetSocketAddress relayed = TurnClient.relayed(c.allocate());
            c.sendIndication(address(peer), bytes("no permission yet"), b -> {});
            assertThat(receiveOrNull(peer)).isNull();
            c.createPermission(address(peer));
            long dropped = turn.server.engine().stats().droppedWithoutPermission.sum();
            stranger.send(new DatagramPacket(bytes("let me in"), 9, relayed));
            assertThat(c.receive(300)).isNull();
            assertThat(turn.server.engine().stats().droppedWithoutPermission.sum()).isEqualTo(dropped + 1);
            // A permission is for an IP address: another port of the permitted host gets through.
            try (DatagramSocket samehost = peer("127.0.0.1")) {
                samehost.send(new DatagramPacket(bytes("same host"), 9, relayed));
                assertThat(c.receive(2000)).isNotNull();
            }
        }
    }

    @Test
    void channelDataOnAnUnboundChannelOrShorterThanItSaysIsDropped() throws Exception {
        try (TurnClient c = turn.alice(); DatagramSocket peer = peer("127.0.0.1")) {
            c.allocate();
            c.channelBind(0x4001, address(peer));
            c.channelData(0x4002, bytes("unbound"));
            c.sendRaw(new byte[] {0x40, 0x01, 0x00, 0x10, 1, 2, 3}); // claims 16 bytes, has 3
            c.channelData(0x4001, bytes("bound"));
            assertThat(text(receive(peer))).isEqualTo("bound");
            assertThat(receiveOrNull(peer)).isNull();
        }
    }

    @Test
    void sendWithDontFragmentOnAnAllocationMadeWithoutItIsDropped() throws Exception {
        try (TurnClient c = turn.alice(); DatagramSocket peer = peer("127.0.0.1")) {
            c.allocate();
            c.createPermission(address(peer));
            c.sendIndication(address(peer), bytes("df"), b -> b.add(DontFragment.TYPE, new byte[0]));
            c.sendIndication(address(peer), bytes("plain"), b -> {});
            assertThat(text(receive(peer))).isEqualTo("plain");
        }
    }

    @Test
    void theBandwidthCapDropsWhatExceedsIt() throws Exception {
        try (TurnFixture capped = TurnFixture.start(b -> b.bitsPerSecond(80_000)); // 10 kB/s, 10 kB burst
                TurnClient c = capped.alice(); DatagramSocket peer = peer("127.0.0.1")) {
            c.allocate();
            c.channelBind(0x4000, address(peer));
            byte[] kilobyte = new byte[1000];
            for (int i = 0; i < 30; i++) c.channelData(0x4000, kilobyte); // the fake clock stands still: no refill
            int received = 0;
            while (receiveOrNull(peer) != null) received++;
            assertThat(received).isEqualTo(10);
            assertThat(capped.server.engine().stats().droppedOverBandwidth.sum()).isEqualTo(20);
            capped.clock.advance(java.time.Duration.ofSeconds(1));
            c.channelData(0x4000, kilobyte);
            assertThat(receiveOrNull(peer)).as("refilled after a second").isNotNull();
        }
    }

    /** RFC 6156: an IPv6 relay (asked for with REQUESTED-ADDRESS-FAMILY) carries data to an IPv6 peer and back. */
    @Test
    void anIpv6AllocationRelaysToAnIpv6Peer() throws Exception {
        try (TurnFixture v6 = TurnFixture.start(b -> b.relayIPv6(TurnFixture.ip("::1"), null)
                .peerPolicy(dev.parley.turn.policy.PeerPolicy.allowing(java.util.List.of(dev.parley.turn.policy.Cidr.parse("::1/128")))));
                TurnClient c = v6.alice(); DatagramSocket peer = peer("::1")) {
            StunMessage allocated = c.request(MessageType.ALLOCATE, b -> b
                    .add(dev.parley.turn.proto.RequestedTransport.TYPE, dev.parley.turn.proto.RequestedTransport.encode(17))
                    .add(dev.parley.turn.proto.RequestedAddressFamily.TYPE,
                            dev.parley.turn.proto.RequestedAddressFamily.encode(dev.parley.turn.proto.RequestedAddressFamily.IPV6)));
            InetSocketAddress relayed = TurnClient.relayed(allocated);
            assertThat(relayed.getAddress()).isEqualTo(TurnFixture.ip("::1"));
            assertThat(c.channelBind(0x4321, address(peer)).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            c.channelData(0x4321, bytes("over six"));
            DatagramPacket got = receive(peer);
            assertThat(text(got)).isEqualTo("over six");
            assertThat(got.getSocketAddress()).isEqualTo(relayed);
            peer.send(new DatagramPacket(bytes("and back"), 8, relayed));
            assertThat(new String(java.util.Arrays.copyOfRange(c.receive(2000), 4, 12), StandardCharsets.UTF_8)).isEqualTo("and back");
        }
    }

    static DatagramSocket peer(String ip) throws Exception {
        DatagramSocket s = new DatagramSocket(0, TurnFixture.ip(ip));
        s.setSoTimeout(2000);
        return s;
    }

    static InetSocketAddress address(DatagramSocket s) {
        return (InetSocketAddress) s.getLocalSocketAddress();
    }

    static DatagramPacket receive(DatagramSocket s) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
        s.receive(p);
        return p;
    }

    static DatagramPacket receiveOrNull(DatagramSocket s) throws Exception {
        s.setSoTimeout(300);
        try {
            return receive(s);
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            s.setSoTimeout(2000);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(DatagramPacket p) {
        return new String(Arrays.copyOf(p.getData(), p.getLength()), StandardCharsets.UTF_8);
    }
}
