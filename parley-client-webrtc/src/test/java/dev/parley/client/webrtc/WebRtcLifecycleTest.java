package dev.parley.client.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.rtc.DataChannelOptions;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.rtc.RemoteTrack.Kind;
import dev.parley.client.rtc.RtcPeerFactory;
import dev.parley.client.rtc.RtcPeerObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Native resources come and go many times in one JVM without leaking into a crash. */
class WebRtcLifecycleTest {
    @Test
    void factoriesWithLiveCallsInThemCloseOneAfterAnother() throws Exception {
        Namespace.assumeLoopbackOnly();
        for (int round = 0; round < 3; round++) {
            try (Call call = new Call(true)) {
                call.awaitConnected();
                AtomicInteger frames = new AtomicInteger(), chunks = new AtomicInteger();
                Call.awaitTrack(call.bob, Kind.VIDEO).onFrame(f -> frames.incrementAndGet());
                Call.awaitTrack(call.alice, Kind.AUDIO).onSamples((pcm, rate, channels, n) -> chunks.incrementAndGet());
                WebRtcRemoteTrack aliceVideo = Call.awaitTrack(call.alice, Kind.VIDEO);
                // An echo: what Alice receives from Bob goes back out through a pushed input.
                aliceVideo.forwardTo(call.rtc.pushedVideo());
                // (No data channel opened mid-call here: its re-offer may cross Bob's, and rolling a
                // re-offer back stops Bob's media; see WebRtcCallTest.mediaFlowsBothWays...)
                int r = round;
                Await.until(Duration.ofSeconds(20), () -> "media in round " + r + ": " + frames + " frames, " + chunks + " chunks; bob's tracks "
                        + call.bob.tracks + " " + call.bob.signalingStates + ", alice's " + call.alice.tracks + " " + call.alice.signalingStates + "\nbob " + String.join("\n  ", call.bob.log) + "\nalice " + String.join("\n  ", call.alice.log) + "\nbob " + call.bob.peer.stats().join() + "\nalice " + call.alice.peer.stats().join(), () -> frames.get() > 5 && chunks.get() > 5);
                // Closed with everything running: peers, sinks, timers and the factory go in order.
            }
        }
    }

    @Test
    void closedThingsRefuseWorkAndCloseAgainQuietly() {
        WebRtc rtc = WebRtc.headless();
        PushedVideo video = rtc.pushedVideo();
        PushedAudio audio = rtc.pushedAudio();
        RtcPeerFactory.Configuration config = new RtcPeerFactory.Configuration(List.of(), false);
        WebRtcPeer peer = rtc.create(config, rtc.media(audio, video), new QuietObserver());
        peer.close();
        peer.close();
        assertThatThrownBy(() -> peer.createDataChannel("x", DataChannelOptions.reliable())).isInstanceOf(IllegalStateException.class);
        video.close();
        assertThatThrownBy(() -> video.push(TestPattern.frame(64, 48, 0))).isInstanceOf(IllegalStateException.class);
        audio.close();
        audio.push(new short[480], 1); // a closed audio input drops what comes, as a muted one
        rtc.close();
        rtc.close();
        assertThatThrownBy(() -> rtc.create(config, LocalMedia.NONE, new QuietObserver())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(rtc::pushedVideo).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void manyFactoriesAndPeersWithoutACall() {
        for (int i = 0; i < 5; i++) {
            try (WebRtc rtc = WebRtc.headless()) {
                SyntheticMedia synthetic = rtc.synthetic(160, 120, 10);
                for (int p = 0; p < 3; p++) {
                    WebRtcPeer peer = rtc.create(new RtcPeerFactory.Configuration(List.of(), false),
                            rtc.media(synthetic.audio(), synthetic.video()), new QuietObserver());
                    peer.createDataChannel("parley", DataChannelOptions.negotiated(0));
                    assertThat(peer.setLocalDescription().join().sdp()).contains("m=audio", "m=video", "m=application");
                    if (p == 1) peer.close();
                }
            }
        }
    }

    static final class QuietObserver implements RtcPeerObserver {
        @Override
        public void onNegotiationNeeded() {}

        @Override
        public void onIceCandidate(dev.parley.client.rtc.IceCandidate candidate) {}

        @Override
        public void onSignalingState(dev.parley.client.rtc.SignalingState state) {}

        @Override
        public void onIceConnectionState(dev.parley.client.rtc.IceConnectionState state) {}

        @Override
        public void onConnectionState(dev.parley.client.rtc.PeerConnectionState state) {}

        @Override
        public void onTrack(dev.parley.client.rtc.RemoteTrack track, List<String> streamIds) {}

        @Override
        public void onTrackRemoved(dev.parley.client.rtc.RemoteTrack track) {}

        @Override
        public void onDataChannel(dev.parley.client.rtc.RtcDataChannel channel) {}
    }
}
