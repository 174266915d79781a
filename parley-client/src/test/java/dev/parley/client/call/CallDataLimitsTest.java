package dev.parley.client.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ManualLoop;
import dev.parley.client.call.FakeRtc.FakeChannel;
import dev.parley.client.call.FakeRtc.FakePeer;
import dev.parley.client.rtc.DataChannelOptions;
import dev.parley.client.rtc.RtcDataChannel;
import dev.parley.protocol.Peer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one peer can make the other hold over data channels is bounded, and early bytes are not lost. */
class CallDataLimitsTest {
    private final ManualLoop loop = new ManualLoop();
    private final FakePeer pc = new FakePeer(null);
    private final FakeChannel control = (FakeChannel) pc.createDataChannel("parley", DataChannelOptions.negotiated(0));
    private final CallData data = new CallData(loop, pc, control, new Peer("peer", null));
    private final List<FileTransfer> offered = new ArrayList<>();

    CallDataLimitsTest() {
        data.events().on(CallEvent.FileOffered.class, e -> offered.add(e.transfer()));
        control.open();
        loop.drain();
    }

    private FakeChannel peerOpens(String label) {
        var ch = new FakeChannel(label);
        ch.state = RtcDataChannel.State.OPEN;
        loop.execute(() -> data.channel(ch));
        loop.drain();
        return ch;
    }

    private void announce(String id, long size) {
        control.observer.onText("{\"t\":\"file\",\"id\":\"" + id + "\",\"name\":\"f\",\"size\":" + size + ",\"type\":\"x\"}");
        loop.drain();
    }

    private static ByteBuffer bytes(int n) {
        return ByteBuffer.wrap(Vectors.bytes(n, 1, 0));
    }

    @Test
    void chunksThatComeBeforeTheAnnouncementAreKeptAndCounted() {
        FakeChannel ch = peerOpens("file:00000000000000aa");
        ch.observer.onBinary(bytes(1000));
        loop.drain();
        announce("00000000000000aa", 1000);
        assertThat(offered).hasSize(1);
        assertThat(offered.get(0).bytes()).as("the early chunk, replayed").isEqualTo(1000);
    }

    @Test
    void aSecondChannelForOneFileIsClosed() {
        FakeChannel first = peerOpens("file:00000000000000bb");
        FakeChannel second = peerOpens("file:00000000000000bb");
        assertThat(second.state).isEqualTo(RtcDataChannel.State.CLOSED);
        assertThat(first.state).isEqualTo(RtcDataChannel.State.OPEN);
        announce("00000000000000bb", 10);
        FakeChannel third = peerOpens("file:00000000000000bb");
        assertThat(third.state).as("the file has its channel").isEqualTo(RtcDataChannel.State.CLOSED);
    }

    @Test
    void anUnannouncedChannelCarryingTooMuchIsClosed() {
        FakeChannel ch = peerOpens("file:00000000000000cc");
        for (int i = 0; i <= CallData.MAX_EARLY_BYTES / CallData.CHUNK_BYTES; i++) ch.observer.onBinary(bytes(CallData.CHUNK_BYTES));
        loop.drain();
        assertThat(ch.state).isEqualTo(RtcDataChannel.State.CLOSED);
        FakeChannel again = peerOpens("file:00000000000000cc");
        assertThat(again.state).as("its id is free again, under the same bound").isEqualTo(RtcDataChannel.State.OPEN);
    }

    @Test
    void unannouncedChannelsAreBoundedInNumber() {
        for (int i = 0; i < CallData.MAX_OPEN_TRANSFERS; i++) assertThat(peerOpens(String.format("file:%016x", i)).state).isEqualTo(RtcDataChannel.State.OPEN);
        assertThat(peerOpens("file:00000000000000ff").state).isEqualTo(RtcDataChannel.State.CLOSED);
    }

    @Test
    void filesComingInAtOnceAreBoundedInBytesAndNumber() {
        data.maxIncomingFileBytes(100);
        announce("0000000000000001", 60);
        announce("0000000000000002", 60);
        assertThat(offered).as("the second would pass 100 bytes in flight").hasSize(1);
        assertThat(control.sent.getLast()).contains("file-cancel", "0000000000000002");
        data.maxIncomingFileBytes(CallData.DEFAULT_MAX_INCOMING_FILE_BYTES);
        for (int i = 3; offered.size() < CallData.MAX_OPEN_TRANSFERS; i++) announce(String.format("%016x", i), 1);
        announce("00000000000000fe", 1);
        assertThat(offered).hasSize(CallData.MAX_OPEN_TRANSFERS);
        // Files the other side sends do not stop this side's.
        loop.execute(() -> data.sendFile("mine", "x", new byte[10]));
        loop.drain();
        assertThat(pc.channels).anyMatch(c -> c.label.startsWith("file:") && c != control);
    }
}
