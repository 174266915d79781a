package dev.parley.turn.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.proto.Lifetime;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessageBuilder;
import dev.parley.turn.testing.TurnFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 5: TURN over TCP/TLS held any connection for 61 minutes, kept a stream starting
 * with {@code GET } as ChannelData, and had no per-address cap (1,000 connections, all held). Real
 * sockets on 127.0.0.1; "another address" is 127.0.0.2.
 */
class StreamLimitsTest {
    private static final InetAddress OTHER = TurnFixture.ip("127.0.0.2");

    @Test
    void aThousandConnectionsFromOneAddressGetOnlyItsShareAndAnotherAddressStillAllocates() throws Exception {
        int perAddress = dev.parley.turn.server.TurnConfig.DEFAULT_MAX_STREAMS_PER_ADDRESS;
        try (TurnFixture turn = TurnFixture.start(b -> b.maxStreams(4096, perAddress).streamAuthTimeout(Duration.ofMinutes(1)),
                TurnServer.Listeners.loopbackAnyPorts())) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    Socket s = new Socket();
                    s.setSoLinger(true, 0); // closed with a reset: no TIME_WAIT left holding a thousand local ports
                    sockets.add(s);
                    s.connect(new InetSocketAddress("127.0.0.1", turn.server.tcpPort()), 2000);
                }
                awaitOpenStreams(turn, perAddress);
                int closed = 0, open = 0;
                for (Socket s : sockets) {
                    if (closedByServer(s, 20)) closed++;
                    else open++;
                }
                assertThat(open).as("held").isEqualTo(perAddress);
                assertThat(closed).as("closed at once").isEqualTo(1000 - perAddress);
                assertThat(turn.server.engine().stats().streamsRefusedPerAddress.sum()).isEqualTo(1000 - perAddress);

                // Another address is not affected, and TURN over TCP works for it.
                try (Socket s = new Socket("127.0.0.1", turn.server.tcpPort(), OTHER, 0)) {
                    s.setSoTimeout(2000);
                    assertThat(new StreamTransportTest.Stream(s).allocate().getAddress()).isEqualTo(TurnFixture.ip("127.0.0.1"));
                }
            } finally {
                for (Socket s : sockets) s.close();
            }
            awaitOpenStreams(turn, 0);
        }
    }

    @Test
    void theTotalIsCappedToo() throws Exception {
        try (TurnFixture turn = TurnFixture.start(b -> b.maxStreams(10, 64), TurnServer.Listeners.loopbackAnyPorts())) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) sockets.add(new Socket("127.0.0.1", turn.server.tcpPort(), i % 2 == 0 ? OTHER : null, 0));
                awaitOpenStreams(turn, 10);
                try (Socket eleventh = new Socket("127.0.0.1", turn.server.tcpPort(), TurnFixture.ip("127.0.0.3"), 0)) {
                    assertThat(closedByServer(eleventh, 2000)).isTrue();
                }
                assertThat(turn.server.engine().stats().streamsRefusedTotal.sum()).isEqualTo(1);
                sockets.removeFirst().close();
                awaitOpenStreams(turn, 9);
                try (Socket again = new Socket("127.0.0.1", turn.server.tcpPort())) {
                    assertThat(closedByServer(again, 300)).as("a place was given back").isFalse();
                }
            } finally {
                for (Socket s : sockets) s.close();
            }
        }
    }

    @Test
    void aStreamStartingWithGetIsClosedAtOnce() throws Exception {
        try (TurnFixture turn = TurnFixture.start(b -> b.streamAuthTimeout(Duration.ofMinutes(1)), TurnServer.Listeners.loopbackAnyPorts());
                Socket s = new Socket("127.0.0.1", turn.server.tcpPort())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(closedByServer(s, 5000)).isTrue();
            assertThat(turn.server.engine().stats().streamsClosedNotTurn.sum()).isEqualTo(1);
        }
    }

    @Test
    void channelDataWithoutAnAllocationOrAMalformedFirstMessageOrAnOversizedOneIsClosed() throws Exception {
        try (TurnFixture turn = TurnFixture.start(b -> b.streamAuthTimeout(Duration.ofMinutes(1)), TurnServer.Listeners.loopbackAnyPorts())) {
            byte[] binding = StunMessageBuilder.of(MessageType.of(MessageType.BINDING, MessageClass.REQUEST)).build();
            byte[] channelData = ByteBuffer.allocate(8).putShort((short) 0x4000).putShort((short) 4).putInt(42).array();
            try (Socket s = new Socket("127.0.0.1", turn.server.tcpPort())) {
                s.setSoTimeout(2000);
                var stream = new StreamTransportTest.Stream(s);
                assertThat(stream.exchange(binding).type().messageClass()).as("STUN over TCP is fine").isEqualTo(MessageClass.SUCCESS);
                s.getOutputStream().write(channelData);
                assertThat(closedByServer(s, 5000)).as("ChannelData with no allocation").isTrue();
            }
            // A STUN header and cookie whose attribute runs past the message's end.
            byte[] malformed = ByteBuffer.allocate(28).putShort((short) 0x0003).putShort((short) 8).putInt(0x2112A442)
                    .put(new byte[12]).putShort((short) 0x0019).putShort((short) 64).putInt(0).array();
            try (Socket s = new Socket("127.0.0.1", turn.server.tcpPort())) {
                s.getOutputStream().write(malformed);
                assertThat(closedByServer(s, 5000)).as("malformed first message").isTrue();
            }
            // An Allocate announcing 8000 bytes: refused from the header, before anything is buffered.
            byte[] huge = ByteBuffer.allocate(20).putShort((short) 0x0003).putShort((short) 8000).putInt(0x2112A442).put(new byte[12]).array();
            try (Socket s = new Socket("127.0.0.1", turn.server.tcpPort())) {
                s.getOutputStream().write(huge);
                assertThat(closedByServer(s, 5000)).as("oversized before authentication").isTrue();
            }
            assertThat(turn.server.engine().stats().streamsClosedNotTurn.sum()).isEqualTo(3);
        }
    }

    /** With the timeout shortened to 300 ms: silence is closed, an allocation keeps the stream, deleting it ends it. */
    @Test
    void aStreamWithoutAnAllocationIsClosedAfterTheAuthTimeoutAndOneWithAnAllocationStays() throws Exception {
        Duration timeout = Duration.ofMillis(300);
        try (TurnFixture turn = TurnFixture.start(b -> b.streamAuthTimeout(timeout), TurnServer.Listeners.loopbackAnyPorts())) {
            try (Socket silent = new Socket("127.0.0.1", turn.server.tcpPort())) {
                assertThat(closedByServer(silent, 5000)).as("silent").isTrue();
            }
            assertThat(turn.server.engine().stats().streamsClosedWithoutAllocation.sum()).isEqualTo(1);
            try (Socket s = new Socket("127.0.0.1", turn.server.tcpPort())) {
                s.setSoTimeout(2000);
                var stream = new StreamTransportTest.Stream(s);
                stream.allocate();
                Thread.sleep(timeout.multipliedBy(4).toMillis()); // several checks pass while the allocation lives
                assertThat(stream.signed(MessageType.REFRESH, b -> b.add(Lifetime.TYPE, Lifetime.encode(600))).type().messageClass())
                        .as("still open and allocated").isEqualTo(MessageClass.SUCCESS);
                assertThat(stream.signed(MessageType.REFRESH, b -> b.add(Lifetime.TYPE, Lifetime.encode(0))).type().messageClass())
                        .isEqualTo(MessageClass.SUCCESS);
                assertThat(closedByServer(s, 5000)).as("closed once the allocation is gone").isTrue();
            }
        }
    }

    private static void awaitOpenStreams(TurnFixture turn, int n) throws InterruptedException {
        for (int i = 0; i < 500 && turn.server.openStreams() != n; i++) Thread.sleep(10);
        assertThat(turn.server.openStreams()).isEqualTo(n);
    }

    /** Whether the server closed this connection (end of stream or reset) within {@code millis}. */
    private static boolean closedByServer(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        InputStream in = s.getInputStream();
        try {
            while (true) {
                if (in.read() < 0) return true; // anything else (a stray answer) is skipped
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }
}
