package dev.parley.android;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.rtc.DataChannelOptions;
import dev.parley.client.rtc.IceCandidate;
import dev.parley.client.rtc.IceConnectionState;
import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.client.rtc.RemoteTrack;
import dev.parley.client.rtc.RtcDataChannel;
import dev.parley.client.rtc.RtcPeerFactory;
import dev.parley.client.rtc.RtcPeerObserver;
import dev.parley.client.rtc.RtcStats;
import dev.parley.client.rtc.SessionDescription;
import dev.parley.client.rtc.SignalingState;
import dev.parley.protocol.IceServer;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webrtc.DataChannel;
import org.webrtc.PeerConnection;
import org.webrtc.RTCStats;
import org.webrtc.RTCStatsReport;

/**
 * {@link AndroidPeer}, {@link PeerEvents} and {@link AndroidDataChannel} against org.webrtc's real
 * classes whose native parts {@link FakeLibwebrtc} stands in for.
 */
class AndroidPeerTest {
    private static final RtcPeerFactory.Configuration CONFIG =
            new RtcPeerFactory.Configuration(List.of(IceServer.of("stun:127.0.0.1:3478")), false);

    private final FakeLibwebrtc lib = new FakeLibwebrtc();
    private final List<AndroidPeer> closedPeers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        lib.close();
    }

    private record Peer(AndroidPeer peer, PeerEvents events, FakeLibwebrtc.FakePc pc, Recorder seen) {}

    private Peer peer(PeerConnection.RTCConfiguration configuration) {
        var seen = new Recorder();
        var events = new PeerEvents(seen);
        var pc = lib.peerConnection(configuration, events);
        return new Peer(new AndroidPeer(pc, events, closedPeers::add), events, pc, seen);
    }

    private Peer peer() {
        return peer(RtcTypes.configuration(CONFIG));
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    @Test
    void argumentLessSetLocalDescriptionOffersWhenStableAndAnswersAfterARemoteOffer() throws Exception {
        Peer alice = peer();
        Peer bob = peer();

        SessionDescription offer = await(alice.peer().setLocalDescription());
        assertThat(offer.type()).isEqualTo(SessionDescription.Type.OFFER);
        assertThat(alice.peer().signalingState()).isEqualTo(SignalingState.HAVE_LOCAL_OFFER);

        await(bob.peer().setRemoteDescription(offer));
        assertThat(bob.peer().hasRemoteDescription()).isTrue();
        SessionDescription answer = await(bob.peer().setLocalDescription());
        assertThat(answer).isEqualTo(new SessionDescription(SessionDescription.Type.ANSWER, "answer to " + offer.sdp()));
        assertThat(bob.peer().signalingState()).isEqualTo(SignalingState.STABLE);

        await(alice.peer().setRemoteDescription(answer));
        assertThat(alice.peer().signalingState()).isEqualTo(SignalingState.STABLE);
        assertThat(alice.seen().signaling).containsExactly(SignalingState.HAVE_LOCAL_OFFER, SignalingState.STABLE);
        assertThat(bob.seen().signaling).containsExactly(SignalingState.HAVE_REMOTE_OFFER, SignalingState.STABLE);
    }

    @Test
    void anOfferArrivingOverALocalOneRollsItBackAsThePoliteSideNeeds() throws Exception {
        Peer polite = peer();
        await(polite.peer().setLocalDescription()); // its own offer, crossing the other's

        await(polite.peer().setRemoteDescription(new SessionDescription(SessionDescription.Type.OFFER, "their offer")));

        assertThat(polite.peer().signalingState()).isEqualTo(SignalingState.HAVE_REMOTE_OFFER);
        assertThat(await(polite.peer().setLocalDescription()).type()).isEqualTo(SessionDescription.Type.ANSWER);
        assertThat(polite.seen().signaling).containsExactly(
                SignalingState.HAVE_LOCAL_OFFER, SignalingState.STABLE, SignalingState.HAVE_REMOTE_OFFER, SignalingState.STABLE);

        // libwebrtc's default (what an adapter that forgot the flag would get) refuses the offer instead
        var withoutFlag = RtcTypes.configuration(CONFIG);
        withoutFlag.enableImplicitRollback = false;
        Peer stubborn = peer(withoutFlag);
        await(stubborn.peer().setLocalDescription());
        assertThatThrownBy(() -> await(stubborn.peer().setRemoteDescription(new SessionDescription(SessionDescription.Type.OFFER, "x"))))
                .hasMessageContaining("wrong state");
    }

    @Test
    void failuresFailTheFutureWithLibwebrtcsReason() throws Exception {
        Peer p = peer();
        p.pc().failNextSet = "SessionDescription is NULL.";

        assertThatThrownBy(() -> await(p.peer().setLocalDescription())).hasMessageContaining("SessionDescription is NULL.");
        assertThatThrownBy(() -> await(p.peer().addIceCandidate(new IceCandidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", 0, null))))
                .hasMessageContaining("remote description was null");
    }

    @Test
    void candidatesGoBothWays() throws Exception {
        Peer p = peer();
        await(p.peer().setRemoteDescription(new SessionDescription(SessionDescription.Type.OFFER, "their offer")));

        await(p.peer().addIceCandidate(new IceCandidate("candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "0", null, "uf")));
        p.events().onIceCandidate(new org.webrtc.IceCandidate("1", 1, "candidate:2 1 udp 2122260223 127.0.0.1 50002 typ host"));

        assertThat(p.pc().added).singleElement().satisfies(c -> {
            assertThat(c.sdpMid).isEqualTo("0");
            assertThat(c.sdpMLineIndex).isEqualTo(-1);
            assertThat(c.sdp).endsWith("50000 typ host");
        });
        assertThat(p.seen().candidates).containsExactly(new IceCandidate("candidate:2 1 udp 2122260223 127.0.0.1 50002 typ host", "1", 1, null));
    }

    @Test
    void statesAreTranslatedAndIceIsTheStandardOne() {
        Peer p = peer();

        p.events().onIceConnectionChange(PeerConnection.IceConnectionState.COMPLETED); // legacy: not the W3C's
        p.events().onStandardizedIceConnectionChange(PeerConnection.IceConnectionState.CONNECTED);
        p.events().onConnectionChange(PeerConnection.PeerConnectionState.CONNECTED);
        p.events().onRenegotiationNeeded();

        assertThat(p.peer().iceConnectionState()).isEqualTo(IceConnectionState.CONNECTED);
        assertThat(p.seen().ice).containsExactly(IceConnectionState.CONNECTED);
        assertThat(p.seen().connection).containsExactly(PeerConnectionState.CONNECTED);
        assertThat(p.seen().negotiationNeeded).isEqualTo(1);
    }

    @Test
    void aDataChannelSendsAndReceivesTextAndBytesAndCopiesWhatLibwebrtcLends() throws Exception {
        Peer p = peer();
        RtcDataChannel channel = p.peer().createDataChannel("parley", DataChannelOptions.negotiated(0));
        var seen = new ChannelRecorder();
        channel.observe(seen);
        FakeLibwebrtc.FakeChannel wire = p.pc().channels.get(0);

        assertThatThrownBy(() -> channel.send("too early")).isInstanceOf(IllegalStateException.class);
        wire.becomes(DataChannel.State.OPEN);
        assertThat(seen.states).containsExactly(RtcDataChannel.State.OPEN);
        assertThat(channel.state()).isEqualTo(RtcDataChannel.State.OPEN);

        channel.send("{\"chat\":\"héllo 你好\"}");
        ByteBuffer bytes = ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xFF});
        channel.send(bytes);
        assertThat(bytes.remaining()).as("the caller's buffer is left as it was").isEqualTo(4);
        assertThat(wire.sent.get(0).binary).isFalse();
        assertThat(StandardCharsets.UTF_8.decode(wire.sent.get(0).data).toString()).isEqualTo("{\"chat\":\"héllo 你好\"}");
        assertThat(wire.sent.get(1).binary).isTrue();
        assertThat(wire.sent.get(1).data).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xFF}));
        assertThat(channel.bufferedAmount()).isEqualTo("{\"chat\":\"héllo 你好\"}".getBytes(StandardCharsets.UTF_8).length + 4);

        wire.receives("{\"file\":\"a.bin\"}".getBytes(StandardCharsets.UTF_8), false);
        byte[] chunk = new byte[16 * 1024];
        for (int i = 0; i < chunk.length; i++) chunk[i] = (byte) i;
        wire.receives(chunk, true);
        assertThat(seen.texts).containsExactly("{\"file\":\"a.bin\"}");
        assertThat(seen.binaries).singleElement().satisfies(b -> {
            byte[] got = new byte[b.remaining()];
            b.get(got);
            assertThat(got).as("intact after libwebrtc freed its memory").isEqualTo(chunk);
        });

        wire.drained(42);
        assertThat(seen.buffered).as("the amount now, not org.webrtc's previous one").containsExactly(0L);
    }

    @Test
    void aChannelTheOtherSideOpensIsHandedOverAndFreedWithThePeer() throws Exception {
        Peer p = peer();
        var announced = lib.new FakeChannel("file-1");

        p.events().onDataChannel(announced);

        assertThat(p.seen().channels).singleElement().satisfies(c -> assertThat(c.label()).isEqualTo("file-1"));
        p.peer().close();
        assertThat(announced.disposed).isTrue();
        assertThat(announced.observer).isNull();
    }

    @Test
    void closingFreesChannelsThenTheConnectionOnceAndSilencesEvents() throws Exception {
        Peer p = peer();
        RtcDataChannel channel = p.peer().createDataChannel("parley", DataChannelOptions.negotiated(0));
        FakeLibwebrtc.FakeChannel wire = p.pc().channels.get(0);
        wire.becomes(DataChannel.State.OPEN);

        p.peer().close();
        p.peer().close();

        assertThat(p.pc().calls).containsExactly("close", "dispose");
        assertThat(wire.disposed).isTrue();
        assertThat(closedPeers).containsExactly(p.peer());
        assertThat(channel.state()).isEqualTo(RtcDataChannel.State.CLOSED);
        assertThatThrownBy(() -> channel.send("late")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(p.peer().iceConnectionState()).isEqualTo(IceConnectionState.CLOSED);
        p.events().onSignalingChange(PeerConnection.SignalingState.CLOSED);
        p.events().onRenegotiationNeeded();
        assertThat(p.seen().signaling).as("no event after close(), as the W3C's").isEmpty();
        assertThat(p.seen().negotiationNeeded).isZero();
    }

    @Test
    void remoteTracksArriveWithTheirStreamsAndLeaveByIdAndHoldOrgWebrtcsTrack() {
        Peer p = peer();
        var video = new FakeTracks.Video("v-1");

        p.events().trackAdded(video, List.of("their-camera"));
        p.events().trackAdded(new FakeTracks.Audio("a-1"), List.of("their-camera"));

        assertThat(p.seen().tracks).extracting(RemoteTrack::id, RemoteTrack::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("v-1", RemoteTrack.Kind.VIDEO),
                        org.assertj.core.groups.Tuple.tuple("a-1", RemoteTrack.Kind.AUDIO));
        assertThat(p.seen().streams).containsExactly(List.of("their-camera"), List.of("their-camera"));
        var remote = (AndroidRemoteTrack) p.seen().tracks.get(0);
        assertThat(remote.video()).isSameAs(video);
        assertThat(remote.audio()).isNull();

        // org.webrtc may hand over another Java object for the same track when it goes
        p.events().trackRemoved(new FakeTracks.Video("v-1"));
        assertThat(p.seen().removed).containsExactly(remote);
    }

    @Test
    void statsComeFromOrgWebrtcsReport() throws Exception {
        Peer p = peer();
        p.pc().statsToDeliver = new RTCStatsReport(5_000_000, Map.of("OT", new RTCStats(5_000_000, "outbound-rtp", "OT",
                Map.of("bytesSent", BigInteger.valueOf(777)))));

        RtcStats stats = await(p.peer().stats());

        assertThat(stats.timestampMicros()).isEqualTo(5_000_000);
        assertThat(stats.bytesSent()).isEqualTo(777);
    }

    @Test
    void restartIceGoesToLibwebrtc() {
        Peer p = peer();
        p.peer().restartIce();
        assertThat(p.pc().calls).containsExactly("restartIce");
    }

    /** What the call layer's observer hears. */
    static final class Recorder implements RtcPeerObserver {
        final List<SignalingState> signaling = new CopyOnWriteArrayList<>();
        final List<IceConnectionState> ice = new CopyOnWriteArrayList<>();
        final List<PeerConnectionState> connection = new CopyOnWriteArrayList<>();
        final List<IceCandidate> candidates = new CopyOnWriteArrayList<>();
        final List<RemoteTrack> tracks = new CopyOnWriteArrayList<>();
        final List<List<String>> streams = new CopyOnWriteArrayList<>();
        final List<RemoteTrack> removed = new CopyOnWriteArrayList<>();
        final List<RtcDataChannel> channels = new CopyOnWriteArrayList<>();
        volatile int negotiationNeeded;

        @Override
        public void onNegotiationNeeded() {
            negotiationNeeded++;
        }

        @Override
        public void onIceCandidate(IceCandidate candidate) {
            candidates.add(candidate);
        }

        @Override
        public void onSignalingState(SignalingState state) {
            signaling.add(state);
        }

        @Override
        public void onIceConnectionState(IceConnectionState state) {
            ice.add(state);
        }

        @Override
        public void onConnectionState(PeerConnectionState state) {
            connection.add(state);
        }

        @Override
        public void onTrack(RemoteTrack track, List<String> streamIds) {
            tracks.add(track);
            streams.add(streamIds);
        }

        @Override
        public void onTrackRemoved(RemoteTrack track) {
            removed.add(track);
        }

        @Override
        public void onDataChannel(RtcDataChannel channel) {
            channels.add(channel);
        }
    }

    static final class ChannelRecorder implements RtcDataChannel.Observer {
        final List<RtcDataChannel.State> states = new ArrayList<>();
        final List<String> texts = new ArrayList<>();
        final List<ByteBuffer> binaries = new ArrayList<>();
        final List<Long> buffered = new ArrayList<>();

        @Override
        public synchronized void onStateChange(RtcDataChannel.State state) {
            states.add(state);
        }

        @Override
        public synchronized void onText(String text) {
            texts.add(text);
        }

        @Override
        public synchronized void onBinary(ByteBuffer data) {
            binaries.add(data);
        }

        @Override
        public synchronized void onBufferedAmountChange(long bufferedAmount) {
            buffered.add(bufferedAmount);
        }
    }
}
