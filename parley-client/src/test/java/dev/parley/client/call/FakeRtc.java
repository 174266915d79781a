package dev.parley.client.call;

import dev.parley.client.rtc.DataChannelOptions;
import dev.parley.client.rtc.IceCandidate;
import dev.parley.client.rtc.IceConnectionState;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.client.rtc.RtcDataChannel;
import dev.parley.client.rtc.RtcPeer;
import dev.parley.client.rtc.RtcPeerFactory;
import dev.parley.client.rtc.RtcPeerObserver;
import dev.parley.client.rtc.RtcStats;
import dev.parley.client.rtc.SessionDescription;
import dev.parley.client.rtc.SignalingState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A WebRTC engine in memory, for the call layer's tests and the conformance vectors: signaling
 * states as the W3C defines them (implicit rollback included), descriptions with predictable SDP
 * ({@code offer 1}, {@code answer 2}, ...), and a log of what the call layer asked of it. The same
 * fake, written in JS, replays the vectors against the JS SDK (conformance/fake-rtc.mjs).
 */
final class FakeRtc implements RtcPeerFactory {
    final List<FakePeer> peers = new ArrayList<>();

    @Override
    public RtcPeer create(Configuration configuration, LocalMedia media, RtcPeerObserver observer) {
        var p = new FakePeer(observer);
        peers.add(p);
        return p;
    }

    FakePeer last() {
        return peers.get(peers.size() - 1);
    }

    static final class FakePeer implements RtcPeer {
        final RtcPeerObserver observer;
        /** What the call layer did, in order: "setLocalDescription offer", "addIceCandidate c1", ... */
        final List<String> log = new ArrayList<>();
        final List<FakeChannel> channels = new ArrayList<>();
        SignalingState signaling = SignalingState.STABLE;
        IceConnectionState ice = IceConnectionState.NEW;
        PeerConnectionState connection = PeerConnectionState.NEW;
        SessionDescription remote;
        int descriptions;
        boolean closed;
        /** A candidate the engine reports while the next local description is being set. */
        String candidateWhileDescribing;

        FakePeer(RtcPeerObserver observer) {
            this.observer = observer;
        }

        @Override
        public CompletableFuture<SessionDescription> setLocalDescription() {
            SessionDescription d = switch (signaling) {
                case STABLE, HAVE_LOCAL_OFFER -> new SessionDescription(SessionDescription.Type.OFFER, "offer " + ++descriptions);
                case HAVE_REMOTE_OFFER -> new SessionDescription(SessionDescription.Type.ANSWER, "answer " + ++descriptions);
                default -> null;
            };
            if (d == null) return CompletableFuture.failedFuture(new IllegalStateException("InvalidStateError"));
            log.add("setLocalDescription " + d.type().wire());
            if (candidateWhileDescribing != null) {
                observer.onIceCandidate(candidate(candidateWhileDescribing));
                candidateWhileDescribing = null;
            }
            signal(d.type() == SessionDescription.Type.OFFER ? SignalingState.HAVE_LOCAL_OFFER : SignalingState.STABLE);
            return CompletableFuture.completedFuture(d);
        }

        @Override
        public CompletableFuture<Void> setRemoteDescription(SessionDescription d) {
            switch (d.type()) {
                case OFFER -> {
                    if (signaling == SignalingState.HAVE_LOCAL_OFFER) {
                        log.add("rollback");
                        signal(SignalingState.STABLE);
                    }
                    if (signaling != SignalingState.STABLE) return refused(d);
                    signal(SignalingState.HAVE_REMOTE_OFFER);
                }
                case ANSWER -> {
                    if (signaling != SignalingState.HAVE_LOCAL_OFFER) return refused(d);
                    signal(SignalingState.STABLE);
                }
                default -> {
                    return refused(d);
                }
            }
            remote = d;
            log.add("setRemoteDescription " + d.type().wire());
            return CompletableFuture.completedFuture(null);
        }

        private CompletableFuture<Void> refused(SessionDescription d) {
            log.add("setRemoteDescription " + d.type().wire() + " refused");
            return CompletableFuture.failedFuture(new IllegalStateException("InvalidStateError"));
        }

        @Override
        public CompletableFuture<Void> addIceCandidate(IceCandidate candidate) {
            if (remote == null) {
                log.add("addIceCandidate " + candidate.candidate() + " refused");
                return CompletableFuture.failedFuture(new IllegalStateException("InvalidStateError"));
            }
            log.add("addIceCandidate " + candidate.candidate());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public boolean hasRemoteDescription() {
            return remote != null;
        }

        @Override
        public SignalingState signalingState() {
            return signaling;
        }

        @Override
        public IceConnectionState iceConnectionState() {
            return ice;
        }

        @Override
        public PeerConnectionState connectionState() {
            return connection;
        }

        @Override
        public void restartIce() {
            log.add("restartIce");
        }

        @Override
        public RtcDataChannel createDataChannel(String label, DataChannelOptions options) {
            var c = new FakeChannel(label);
            channels.add(c);
            return c;
        }

        @Override
        public CompletableFuture<RtcStats> stats() {
            return CompletableFuture.completedFuture(new RtcStats(0, 0, 0, 0, 0, -1, 0, -1, -1, -1, null));
        }

        @Override
        public void close() {
            closed = true;
            signaling = SignalingState.CLOSED;
            connection = PeerConnectionState.CLOSED;
        }

        static IceCandidate candidate(String text) {
            return new IceCandidate(text, "0", 0, "u");
        }

        void ice(IceConnectionState state) {
            ice = state;
            observer.onIceConnectionState(state);
        }

        void connection(PeerConnectionState state) {
            connection = state;
            observer.onConnectionState(state);
        }

        FakeChannel channel(String label) {
            for (FakeChannel c : channels) if (c.label.equals(label)) return c;
            return null;
        }

        private void signal(SignalingState next) {
            signaling = next;
            observer.onSignalingState(next);
        }
    }

    static final class FakeChannel implements RtcDataChannel {
        final String label;
        /** What was sent: text as is, binary as "<n bytes>". */
        final List<String> sent = new ArrayList<>();
        final List<byte[]> binary = new ArrayList<>();
        State state = State.CONNECTING;
        long buffered;
        Observer observer;

        FakeChannel(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public State state() {
            return state;
        }

        @Override
        public void send(String text) {
            if (state != State.OPEN) throw new IllegalStateException("not open");
            sent.add(text);
        }

        @Override
        public void send(ByteBuffer data) {
            if (state != State.OPEN) throw new IllegalStateException("not open");
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.add(b);
            buffered += b.length;
        }

        @Override
        public long bufferedAmount() {
            return buffered;
        }

        @Override
        public void close() {
            state = State.CLOSED;
        }

        @Override
        public void observe(Observer observer) {
            this.observer = observer;
        }

        void open() {
            state = State.OPEN;
            observer.onStateChange(State.OPEN);
        }

        void drain(long to) {
            buffered = to;
            observer.onBufferedAmountChange(to);
        }
    }
}
