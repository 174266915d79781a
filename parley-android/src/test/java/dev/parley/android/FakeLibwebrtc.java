package dev.parley.android;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.webrtc.AddIceObserver;
import org.webrtc.DataChannel;
import org.webrtc.IceCandidate;
import org.webrtc.PeerConnection;
import org.webrtc.RTCStatsCollectorCallback;
import org.webrtc.RTCStatsReport;
import org.webrtc.SdpObserver;
import org.webrtc.SessionDescription;

/**
 * Stand-ins for org.webrtc's peer connection and data channel, whose natives cannot load on this
 * JVM. They are org.webrtc's real classes with the native-backed methods overridden by a small
 * JSEP state machine that behaves as libwebrtc documents it: callbacks on a "signaling thread" of
 * their own, the argument-less setLocalDescription choosing offer or answer by state, and implicit
 * rollback only when the configuration enables it (libwebrtc's {@code MaybeRollback}). What they
 * test is the adapter's side of the contract, not libwebrtc.
 */
final class FakeLibwebrtc implements AutoCloseable {
    final ExecutorService signalingThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-signaling"));

    @Override
    public void close() throws InterruptedException {
        signalingThread.shutdown();
        signalingThread.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A peer connection as libwebrtc would run it with this configuration, reporting to {@code events}. */
    FakePc peerConnection(PeerConnection.RTCConfiguration configuration, PeerConnection.Observer events) {
        return new FakePc(configuration, events);
    }

    final class FakePc extends PeerConnection {
        private final RTCConfiguration configuration;
        private final Observer events;
        /** Confined to the signaling thread, like libwebrtc's state; read elsewhere through volatile copies. */
        private volatile SignalingState state = SignalingState.STABLE;
        private volatile SessionDescription local;
        private volatile SessionDescription remote;
        private int offers;
        /** Whether this side's descriptions say it sends video, and the other's arrived. */
        volatile boolean sendsVideo;
        /** Whether the first data channel fires negotiation-needed, as libwebrtc's does (its SCTP section needs one). */
        volatile boolean negotiates;
        private boolean remoteVideoAdded;
        final List<IceCandidate> added = new ArrayList<>();
        final List<FakeChannel> channels = new ArrayList<>();
        final List<String> calls = new ArrayList<>(); // close and dispose, in order
        volatile RTCStatsReport statsToDeliver;
        volatile String failNextSet;

        FakePc(RTCConfiguration configuration, Observer events) {
            super(() -> 1L); // a non-zero "native" pointer nothing dereferences
            this.configuration = configuration;
            this.events = events;
        }

        @Override
        public void setLocalDescription(SdpObserver observer) {
            signalingThread.execute(() -> {
                if (fail(observer)) return;
                switch (state) {
                    case STABLE, HAVE_LOCAL_OFFER -> {
                        local = new SessionDescription(SessionDescription.Type.OFFER, "offer " + (++offers) + video());
                        to(SignalingState.HAVE_LOCAL_OFFER);
                    }
                    case HAVE_REMOTE_OFFER -> {
                        local = new SessionDescription(SessionDescription.Type.ANSWER, "answer to " + remote.description.replace(" +video", "") + video());
                        to(SignalingState.STABLE);
                    }
                    default -> {
                        observer.onSetFailure("Called in wrong state: " + state);
                        return;
                    }
                }
                observer.onSetSuccess();
            });
        }

        @Override
        public void setRemoteDescription(SdpObserver observer, SessionDescription description) {
            signalingThread.execute(() -> {
                if (fail(observer)) return;
                if (description.type == SessionDescription.Type.OFFER && state == SignalingState.HAVE_LOCAL_OFFER
                        && configuration.sdpSemantics == SdpSemantics.UNIFIED_PLAN && configuration.enableImplicitRollback) {
                    local = null; // libwebrtc's implicit rollback
                    to(SignalingState.STABLE);
                }
                switch (description.type) {
                    case OFFER -> {
                        if (state != SignalingState.STABLE) {
                            observer.onSetFailure("Failed to set remote offer sdp: Called in wrong state: " + state);
                            return;
                        }
                        remote = description;
                        to(SignalingState.HAVE_REMOTE_OFFER);
                    }
                    case ANSWER -> {
                        if (state != SignalingState.HAVE_LOCAL_OFFER) {
                            observer.onSetFailure("Failed to set remote answer sdp: Called in wrong state: " + state);
                            return;
                        }
                        remote = description;
                        to(SignalingState.STABLE);
                    }
                    default -> {
                        observer.onSetFailure("not in this fake");
                        return;
                    }
                }
                observer.onSetSuccess();
                if (description.description.contains("+video") && !remoteVideoAdded && events instanceof PeerEvents pe) {
                    remoteVideoAdded = true; // libwebrtc's onAddTrack for the other side's camera
                    pe.trackAdded(new FakeTracks.Video("video-of-" + description.description.hashCode()), List.of("their-stream"));
                }
            });
        }

        private String video() {
            return sendsVideo ? " +video" : "";
        }

        private boolean fail(SdpObserver observer) {
            String error = failNextSet;
            if (error == null) return false;
            failNextSet = null;
            observer.onSetFailure(error);
            return true;
        }

        private void to(SignalingState next) {
            state = next;
            events.onSignalingChange(next);
        }

        @Override
        public SessionDescription getLocalDescription() {
            return local;
        }

        @Override
        public SessionDescription getRemoteDescription() {
            return remote;
        }

        @Override
        public SignalingState signalingState() {
            return state;
        }

        @Override
        public PeerConnectionState connectionState() {
            return PeerConnectionState.NEW;
        }

        @Override
        public void addIceCandidate(IceCandidate candidate, AddIceObserver observer) {
            signalingThread.execute(() -> {
                if (remote == null) {
                    observer.onAddFailure("The remote description was null");
                    return;
                }
                added.add(candidate);
                observer.onAddSuccess();
            });
        }

        @Override
        public DataChannel createDataChannel(String label, DataChannel.Init init) {
            var channel = new FakeChannel(label);
            channels.add(channel);
            if (negotiates && channels.size() == 1) signalingThread.execute(events::onRenegotiationNeeded);
            return channel;
        }

        @Override
        public void getStats(RTCStatsCollectorCallback callback) {
            signalingThread.execute(() -> callback.onStatsDelivered(statsToDeliver));
        }

        @Override
        public void restartIce() {
            calls.add("restartIce");
        }

        @Override
        public void close() {
            calls.add("close");
        }

        @Override
        public void dispose() {
            calls.add("dispose");
        }
    }

    /** A data channel whose "native" side a test drives: it delivers messages and states as libwebrtc would. */
    final class FakeChannel extends DataChannel {
        private final String label;
        volatile State state = State.CONNECTING;
        volatile Observer observer;
        final List<Buffer> sent = new ArrayList<>();
        volatile boolean disposed;
        volatile boolean closed;

        FakeChannel(String label) {
            super(1L);
            this.label = label;
        }

        @Override
        public void registerObserver(Observer observer) {
            this.observer = observer;
        }

        @Override
        public void unregisterObserver() {
            observer = null;
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public State state() {
            if (disposed) throw new IllegalStateException("DataChannel has been disposed.");
            return state;
        }

        @Override
        public long bufferedAmount() {
            return sent.stream().mapToLong(b -> b.data.capacity()).sum();
        }

        @Override
        public boolean send(Buffer buffer) {
            if (disposed) throw new IllegalStateException("DataChannel has been disposed.");
            if (state != State.OPEN) return false;
            // org.webrtc copies the remaining bytes out, moving the buffer's position as it does
            byte[] copy = new byte[buffer.data.remaining()];
            buffer.data.get(copy);
            sent.add(new Buffer(ByteBuffer.wrap(copy), buffer.binary));
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void dispose() {
            disposed = true;
        }

        /** libwebrtc's state change, on the signaling thread. */
        void becomes(State next) throws Exception {
            signalingThread.submit(() -> {
                state = next;
                Observer o = observer;
                if (o != null) o.onStateChange();
            }).get(5, TimeUnit.SECONDS);
        }

        /**
         * A message as the JNI hands it over: a direct buffer over native memory, which is freed
         * (here: overwritten) as soon as the callback returns.
         */
        void receives(byte[] message, boolean binary) throws Exception {
            signalingThread.submit(() -> {
                ByteBuffer nativeMemory = ByteBuffer.allocateDirect(message.length);
                nativeMemory.put(message).flip();
                Observer o = observer;
                if (o != null) o.onMessage(new Buffer(nativeMemory, binary));
                nativeMemory.clear();
                while (nativeMemory.hasRemaining()) nativeMemory.put((byte) 0x5A);
            }).get(5, TimeUnit.SECONDS);
        }

        void drained(long previous) throws Exception {
            signalingThread.submit(() -> {
                sent.clear();
                Observer o = observer;
                if (o != null) o.onBufferedAmountChange(previous);
            }).get(5, TimeUnit.SECONDS);
        }
    }
}
