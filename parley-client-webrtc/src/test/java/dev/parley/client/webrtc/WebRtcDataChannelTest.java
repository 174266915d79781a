package dev.parley.client.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.rtc.DataChannelOptions;
import dev.parley.client.rtc.RtcDataChannel;
import dev.parley.client.rtc.SignalingState;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Data channels between two peers in one JVM: negotiated (id 0, as Parley's control channel) and in band. */
class WebRtcDataChannelTest {
    private Call call;

    @BeforeEach
    void start() {
        Namespace.assumeLoopbackOnly();
        call = new Call(false);
    }

    @AfterEach
    void close() {
        if (call != null) call.close();
    }

    /** Records what a channel's observer is told. */
    static final class Recorder implements RtcDataChannel.Observer {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
        final List<RtcDataChannel.State> states = new CopyOnWriteArrayList<>();
        final List<Long> buffered = new CopyOnWriteArrayList<>();

        @Override
        public void onStateChange(RtcDataChannel.State state) {
            states.add(state);
        }

        @Override
        public void onText(String text) {
            texts.add(text);
        }

        @Override
        public void onBinary(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binaries.add(b);
        }

        @Override
        public void onBufferedAmountChange(long amount) {
            buffered.add(amount);
        }
    }

    private static Recorder observe(RtcDataChannel channel) {
        Recorder r = new Recorder();
        channel.observe(r);
        return r;
    }

    private static void awaitOpen(RtcDataChannel... channels) {
        Await.until(Duration.ofSeconds(20), () -> "open: " + List.of(channels),
                () -> List.of(channels).stream().allMatch(c -> c.state() == RtcDataChannel.State.OPEN));
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void exchange(RtcDataChannel a, Recorder atA, RtcDataChannel b, Recorder atB) throws InterruptedException {
        a.send("héllo ✓ from " + a.label());
        assertThat(atB.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("héllo ✓ from " + a.label());
        b.send("and back");
        assertThat(atA.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("and back");
        byte[] there = random(100_000, 1), back = random(65_536, 2);
        // From the middle of a larger buffer: only the remaining bytes go.
        ByteBuffer slice = ByteBuffer.allocate(there.length + 20).position(10);
        slice.put(there).flip().position(10).limit(10 + there.length);
        a.send(slice);
        assertThat(atB.binaries.poll(10, TimeUnit.SECONDS)).isEqualTo(there);
        b.send(ByteBuffer.wrap(back));
        assertThat(atA.binaries.poll(10, TimeUnit.SECONDS)).isEqualTo(back);
    }

    @Test
    void textAndBinaryBothWaysOnTheNegotiatedChannelAndOnOneOpenedInBand() throws Exception {
        RtcDataChannel aliceControl = call.alice.peer.createDataChannel("parley", DataChannelOptions.negotiated(0));
        RtcDataChannel bobControl = call.bob.peer.createDataChannel("parley", DataChannelOptions.negotiated(0));
        Recorder atAlice = observe(aliceControl), atBob = observe(bobControl);
        call.awaitConnected();
        awaitOpen(aliceControl, bobControl);
        exchange(aliceControl, atAlice, bobControl, atBob);

        // In band: Alice opens it and writes at once; Bob's observer comes later, and misses nothing.
        RtcDataChannel file = call.alice.peer.createDataChannel("file:00112233aabbccdd", DataChannelOptions.reliable());
        Recorder atAliceFile = observe(file);
        awaitOpen(file);
        file.send("first, before anyone listens");
        RtcDataChannel received = call.bob.channels.poll(20, TimeUnit.SECONDS);
        assertThat(received).isNotNull();
        assertThat(received.label()).isEqualTo("file:00112233aabbccdd");
        Thread.sleep(200);
        Recorder atBobFile = observe(received);
        assertThat(atBobFile.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("first, before anyone listens");
        awaitOpen(received);
        exchange(file, atAliceFile, received, atBobFile);
        assertThat(call.alice.errors).isEmpty();
        assertThat(call.bob.errors).isEmpty();
    }

    @Test
    void aBurstReportsItsQueueGoingDownAndArrivesWhole() throws Exception {
        RtcDataChannel alice = call.alice.peer.createDataChannel("bulk", DataChannelOptions.negotiated(1));
        RtcDataChannel bob = call.bob.peer.createDataChannel("bulk", DataChannelOptions.negotiated(1));
        Recorder atAlice = observe(alice), atBob = observe(bob);
        call.awaitConnected();
        awaitOpen(alice, bob);

        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        int chunks = 64;
        for (int i = 0; i < chunks; i++) {
            byte[] chunk = random(64 * 1024, 100 + i);
            sent.update(chunk);
            alice.send(ByteBuffer.wrap(chunk));
        }
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < chunks; i++) {
            byte[] chunk = atBob.binaries.poll(20, TimeUnit.SECONDS);
            assertThat(chunk).as("chunk %d", i).isNotNull().hasSize(64 * 1024);
            got.update(chunk);
        }
        assertThat(got.digest()).isEqualTo(sent.digest());
        Await.until(Duration.ofSeconds(10), () -> "the queue reported empty: " + atAlice.buffered,
                () -> !atAlice.buffered.isEmpty() && atAlice.buffered.getLast() == 0);
        assertThat(alice.bufferedAmount()).isZero();
    }

    /**
     * Both sides restart ICE at once with the signaling held, so their offers cross: the impolite
     * side ignores Bob's, the polite one rolls its own back (this adapter's implicit rollback) and
     * answers (with fresh credentials, as Alice restarts), and the connection carries on.
     */
    @Test
    void crossingOffersAreResolvedByThePoliteSideRollingBack() throws Exception {
        RtcDataChannel aliceControl = call.alice.peer.createDataChannel("parley", DataChannelOptions.negotiated(0));
        RtcDataChannel bobControl = call.bob.peer.createDataChannel("parley", DataChannelOptions.negotiated(0));
        Recorder atAlice = observe(aliceControl), atBob = observe(bobControl);
        call.awaitConnected();
        awaitOpen(aliceControl, bobControl);
        Await.until(Duration.ofSeconds(10), "both stable",
                () -> call.alice.peer.signalingState() == SignalingState.STABLE && call.bob.peer.signalingState() == SignalingState.STABLE);
        int aliceOffers = call.alice.sentOffers.size(), bobOffers = call.bob.sentOffers.size();
        int bobStates = call.bob.signalingStates.size();

        call.alice.cutWire();
        call.bob.cutWire();
        call.alice.peer.restartIce();
        call.bob.peer.restartIce();
        Await.until(Duration.ofSeconds(10), "both offering",
                () -> call.alice.sentOffers.size() > aliceOffers && call.bob.sentOffers.size() > bobOffers);
        assertThat(call.alice.peer.signalingState()).isEqualTo(SignalingState.HAVE_LOCAL_OFFER);
        assertThat(call.bob.peer.signalingState()).isEqualTo(SignalingState.HAVE_LOCAL_OFFER);
        call.alice.restoreWire();
        call.bob.restoreWire();

        Await.until(Duration.ofSeconds(20), () -> "rolled back and settled; bob " + call.bob.signalingStates + " " + call.bob.errors,
                () -> containsRollback(call.bob.signalingStates, bobStates)
                        && call.alice.peer.signalingState() == SignalingState.STABLE
                        && call.bob.peer.signalingState() == SignalingState.STABLE);
        assertThat(call.bob.errors).isEmpty();
        call.awaitConnected();
        exchange(aliceControl, atAlice, bobControl, atBob);
    }

    /** Whether the states from index {@code from} on show a local offer rolled back, then a remote one answered. */
    static boolean containsRollback(List<SignalingState> all, int from) {
        List<SignalingState> snapshot = List.copyOf(all);
        List<SignalingState> states = snapshot.subList(Math.min(from, snapshot.size()), snapshot.size());
        List<SignalingState> rollback = List.of(SignalingState.HAVE_LOCAL_OFFER, SignalingState.STABLE,
                SignalingState.HAVE_REMOTE_OFFER, SignalingState.STABLE);
        for (int i = 0; i + rollback.size() <= states.size(); i++) {
            if (states.subList(i, i + rollback.size()).equals(rollback)) return true;
        }
        return false;
    }
}
