package dev.parley.client.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.rtc.IceConnectionState;
import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.client.rtc.RemoteTrack.Kind;
import dev.parley.client.rtc.RtcStats;
import dev.parley.client.rtc.SignalingState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two peers with synthetic media, in one JVM, connected through 127.0.0.1 in the test's namespace. */
class WebRtcCallTest {
    private Call call;

    @BeforeEach
    void connect() {
        Namespace.assumeLoopbackOnly();
        call = new Call(true);
        call.awaitConnected();
    }

    @AfterEach
    void close() {
        if (call != null) call.close();
    }

    /** What one side's sinks saw of the other's synthetic media. */
    private record Received(List<int[]> frames, AtomicInteger loudChunks) {
        boolean advancing() {
            List<int[]> f = List.copyOf(frames);
            return f.size() >= 15 && f.stream().mapToInt(x -> x[0]).distinct().count() >= 10
                    && f.getLast()[0] > f.getFirst()[0]
                    && f.stream().anyMatch(x -> x[1] == Call.WIDTH && x[2] == Call.HEIGHT);
        }
    }

    private static Received listen(Side side) throws InterruptedException {
        Received r = new Received(new CopyOnWriteArrayList<>(), new AtomicInteger());
        Call.awaitTrack(side, Kind.VIDEO).onFrame(f -> r.frames.add(new int[] {TestPattern.counter(f), f.width(), f.height()}));
        Call.awaitTrack(side, Kind.AUDIO).onSamples((pcm, rate, channels, n) -> {
            if (rms(pcm) > SyntheticMedia.TONE_AMPLITUDE / 4.0) r.loudChunks.incrementAndGet();
        });
        return r;
    }

    static double rms(byte[] pcm16le) {
        double sum = 0;
        int n = pcm16le.length / 2;
        for (int i = 0; i < n; i++) {
            short s = (short) ((pcm16le[2 * i] & 0xff) | (pcm16le[2 * i + 1] << 8));
            sum += (double) s * s;
        }
        return n == 0 ? 0 : Math.sqrt(sum / n);
    }

    @Test
    void eachSideDecodesTheOthersPictureAndHearsItsTone() throws InterruptedException {
        Received atAlice = listen(call.alice), atBob = listen(call.bob);

        for (Received r : List.of(atAlice, atBob)) {
            Await.until(Duration.ofSeconds(20), () -> "frames advancing at 320x240: " + r.frames.size() + " frames",
                    r::advancing);
            Await.until(Duration.ofSeconds(20), () -> "the tone heard: " + r.loudChunks + " loud chunks",
                    () -> r.loudChunks.get() >= 50);
        }
        // The tracks arrive in the sender's stream, by the msid the SDP carries.
        assertThat(call.alice.trackStreams).contains(List.of(call.bobLocal.streamId()));
        assertThat(call.bob.trackStreams).contains(List.of(call.aliceLocal.streamId()));
        assertThat(call.alice.errors).isEmpty();
        assertThat(call.bob.errors).isEmpty();
    }

    @Test
    void statsReportTheHostPathAndGrowingCounters() throws Exception {
        Received atAlice = listen(call.alice);
        Await.until(Duration.ofSeconds(20), "frames at Alice", atAlice::advancing);

        RtcStats first = call.alice.peer.stats().get(10, TimeUnit.SECONDS);
        Await.until(Duration.ofSeconds(10), "counters growing", () -> {
            RtcStats now = call.alice.peer.stats().join();
            return now.bytesSent() > first.bytesSent() && now.bytesReceived() > first.bytesReceived()
                    && now.framesDecoded() > first.framesDecoded();
        });
        RtcStats last = call.alice.peer.stats().get(10, TimeUnit.SECONDS);
        assertThat(last.path().localType()).isEqualTo("host");
        assertThat(last.roundTripSeconds()).isBetween(0.0, 1.0);
        assertThat(last.packetsReceived()).isPositive();
        assertThat(last.packetsLost()).isGreaterThanOrEqualTo(0);
        assertThat(last.frameWidth()).isEqualTo(Call.WIDTH);
        assertThat(last.frameHeight()).isEqualTo(Call.HEIGHT);
    }

    @Test
    void restartIceRenegotiatesNewCredentialsAndMediaGoesOn() throws Exception {
        Received atBob = listen(call.bob);
        Await.until(Duration.ofSeconds(20), "frames at Bob", atBob::advancing);
        String before = iceUfrag(call.alice);
        int offersBefore = call.alice.sentOffers.size();

        call.alice.peer.restartIce();

        Await.until(Duration.ofSeconds(20), () -> "a new offer with new credentials; alice " + call.alice.errors,
                () -> call.alice.sentOffers.size() > offersBefore && !iceUfrag(call.alice).equals(before)
                        && call.alice.peer.signalingState() == SignalingState.STABLE);
        call.awaitConnected();
        int framesNow = atBob.frames.size();
        Await.until(Duration.ofSeconds(20), "frames still arriving after the restart", () -> atBob.frames.size() > framesNow + 15);
        assertThat(call.alice.peer.iceConnectionState()).isIn(IceConnectionState.CONNECTED, IceConnectionState.COMPLETED);
    }

    /**
     * Offers that cross mid-call (both sides restart ICE at once): the polite side rolls back a
     * re-offer, which should leave its senders and receivers working. With webrtc-java 0.14's
     * libwebrtc it does not: after rolling back a re-offer (not a first offer), the polite side's
     * send streams carry nothing (outbound bytes back to 0) and its remote tracks' sinks get no more
     * frames though decoding goes on; seen in every run here, with or without a restart from Bob
     * afterwards. The signaling settles (the data-channel test of crossing offers passes); the
     * media does not. Re-binding the senders afterwards (replaceTrack(null), then the track) is no
     * cure: libwebrtc's check "source == nullptr" in webrtc_video_engine.cc fails and aborts the
     * JVM. Kept as the check a fix (a newer webrtc-java) must pass.
     */
    @org.junit.jupiter.api.Disabled("libwebrtc in webrtc-java 0.14: rolling back a re-offer stops the polite side's media (see the comment)")
    @Test
    void mediaFlowsBothWaysAfterCrossingReOffersAreRolledBack() throws Exception {
        Received atAlice = listen(call.alice), atBob = listen(call.bob);
        Await.until(Duration.ofSeconds(20), "frames both ways", () -> atAlice.advancing() && atBob.advancing());
        Await.until(Duration.ofSeconds(10), "both stable", () -> call.alice.peer.signalingState() == SignalingState.STABLE
                && call.bob.peer.signalingState() == SignalingState.STABLE);
        int aliceOffers = call.alice.sentOffers.size(), bobOffers = call.bob.sentOffers.size();
        int bobStates = call.bob.signalingStates.size();

        call.alice.cutWire();
        call.bob.cutWire();
        call.alice.peer.restartIce();
        call.bob.peer.restartIce();
        Await.until(Duration.ofSeconds(10), "both offering",
                () -> call.alice.sentOffers.size() > aliceOffers && call.bob.sentOffers.size() > bobOffers);
        call.alice.restoreWire();
        call.bob.restoreWire();
        Await.until(Duration.ofSeconds(20), () -> "rolled back and settled: " + call.bob.log,
                () -> WebRtcDataChannelTest.containsRollback(call.bob.signalingStates, bobStates)
                        && call.alice.peer.signalingState() == SignalingState.STABLE
                        && call.bob.peer.signalingState() == SignalingState.STABLE);

        int atAliceNow = atAlice.frames.size(), atBobNow = atBob.frames.size(), loudNow = atAlice.loudChunks.get();
        Await.until(Duration.ofSeconds(20), () -> "media both ways after the rollback: at alice " + (atAlice.frames.size() - atAliceNow)
                        + " frames " + (atAlice.loudChunks.get() - loudNow) + " loud chunks, at bob " + (atBob.frames.size() - atBobNow) + " frames\nalice "
                        + call.alice.peer.stats().join() + "\nbob " + call.bob.peer.stats().join(),
                () -> atAlice.frames.size() > atAliceNow + 15 && atBob.frames.size() > atBobNow + 15
                        && atAlice.loudChunks.get() > loudNow + 50);
        assertThat(call.alice.errors).isEmpty();
        assertThat(call.bob.errors).isEmpty();
    }

    private static String iceUfrag(Side side) {
        String sdp = side.sentOffers.isEmpty() ? "" : side.sentOffers.getLast().sdp();
        return sdp.lines().filter(l -> l.startsWith("a=ice-ufrag:")).findFirst().orElse("");
    }

    @Test
    void closeEndsTheConnectionAndEverythingOnIt() throws Exception {
        WebRtcDataChannel channel = call.alice.peer.createDataChannel("parley", dev.parley.client.rtc.DataChannelOptions.negotiated(0));
        WebRtcDataChannel far = call.bob.peer.createDataChannel("parley", dev.parley.client.rtc.DataChannelOptions.negotiated(0));
        Await.until(Duration.ofSeconds(20), "channels open", () -> channel.state() == WebRtcDataChannel.State.OPEN
                && far.state() == WebRtcDataChannel.State.OPEN);

        call.alice.peer.close();

        assertThat(call.alice.peer.connectionState()).isEqualTo(PeerConnectionState.CLOSED);
        assertThat(call.alice.peer.signalingState()).isEqualTo(SignalingState.CLOSED);
        assertThat(call.alice.peer.hasRemoteDescription()).isFalse();
        assertThat(channel.state()).isEqualTo(WebRtcDataChannel.State.CLOSED);
        assertThatThrownBy(() -> channel.send("late")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> call.alice.peer.setLocalDescription().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> call.alice.peer.stats().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        // The far side sees it go: its channel closes (SCTP says so at once).
        Await.until(Duration.ofSeconds(20), "Bob's channel closed", () -> far.state() == WebRtcDataChannel.State.CLOSED);
        assertThat(call.alice.connectionStates).doesNotContain(PeerConnectionState.CLOSED); // nothing fired after close
    }
}
