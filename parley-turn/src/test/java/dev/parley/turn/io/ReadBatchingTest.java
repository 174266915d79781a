package dev.parley.turn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadBatchingTest {
    private EpollDatagramChannel channel;
    private ReadBatching reads;

    @BeforeEach
    void open() {
        assumeTrue(Epoll.isAvailable(), "epoll's native library loads on Linux x86-64 only");
        channel = new EpollDatagramChannel(SocketProtocolFamily.INET);
        reads = new ReadBatching(channel);
    }

    @AfterEach
    void close() {
        if (channel != null) channel.unsafe().closeForcibly();
    }

    private void read(int datagrams) {
        for (int i = 0; i < datagrams; i++) reads.datagram();
        reads.readComplete();
    }

    private int payloadSize() {
        return channel.config().getMaxDatagramPayloadSize();
    }

    /** The size of the buffer Netty would read into next. */
    private int bufferSize() {
        return channel.config().getRecvByteBufAllocator().newHandle().guess();
    }

    @Test
    void startsWithBatchesAndKeepsThemWhileDatagramsQueueUp() {
        assertThat(payloadSize()).isEqualTo(DatagramSockets.MAX_DATAGRAM);
        for (int i = 0; i < 100; i++) read(i % (ReadBatching.SINGLE_FINDS_BEFORE_SWITCH - 1) == 0 ? 3 : 1);
        assertThat(reads.single()).isFalse();
        assertThat(payloadSize()).isEqualTo(DatagramSockets.MAX_DATAGRAM);
    }

    @Test
    void aSteadySingleStreamReadsSinglyForAWhileThenTriesBatchesAgain() {
        for (int i = 0; i < ReadBatching.SINGLE_FINDS_BEFORE_SWITCH - 1; i++) read(1);
        assertThat(reads.single()).isFalse();
        read(1);
        assertThat(reads.single()).isTrue();
        assertThat(payloadSize()).as("0 makes Netty read with recvmsg").isZero();
        assertThat(bufferSize()).as("into a buffer for one datagram").isEqualTo(DatagramSockets.MAX_DATAGRAM);
        for (int i = 0; i < ReadBatching.SINGLE_READS - 1; i++) read(1);
        assertThat(reads.single()).isTrue();
        read(1);
        assertThat(reads.single()).isFalse();
        assertThat(payloadSize()).isEqualTo(DatagramSockets.MAX_DATAGRAM);
        assertThat(bufferSize()).as("a slot per datagram").isEqualTo(DatagramSockets.BATCH * DatagramSockets.MAX_DATAGRAM);
    }

    @Test
    void aWakeUpThatReadsNothingChangesNothing() {
        for (int i = 0; i < 3 * ReadBatching.SINGLE_FINDS_BEFORE_SWITCH; i++) read(0);
        assertThat(reads.single()).isFalse();
    }
}
