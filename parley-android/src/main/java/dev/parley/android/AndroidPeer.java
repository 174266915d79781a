package dev.parley.android;

import dev.parley.client.rtc.DataChannelOptions;
import dev.parley.client.rtc.IceCandidate;
import dev.parley.client.rtc.IceConnectionState;
import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.client.rtc.RtcDataChannel;
import dev.parley.client.rtc.RtcPeer;
import dev.parley.client.rtc.RtcStats;
import dev.parley.client.rtc.SessionDescription;
import dev.parley.client.rtc.SignalingState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.webrtc.AddIceObserver;
import org.webrtc.DataChannel;
import org.webrtc.PeerConnection;
import org.webrtc.SdpObserver;

/**
 * One org.webrtc peer connection behind the port. Futures complete on libwebrtc's signaling thread
 * (the call layer continues on its own loop). Not to be closed from inside one of org.webrtc's
 * callbacks: disposing a peer connection there deadlocks libwebrtc.
 */
final class AndroidPeer implements RtcPeer {
    private final PeerConnection pc;
    private final PeerEvents events;
    private final Consumer<AndroidPeer> onClosed;

    /** Channels this side opened or the other side announced; guarded by {@code this}. */
    private final List<AndroidDataChannel> channels = new ArrayList<>();
    private boolean closed;

    /** @param onClosed runs once the peer is closed (the factory forgets it) */
    AndroidPeer(PeerConnection pc, PeerEvents events, Consumer<AndroidPeer> onClosed) {
        this.pc = pc;
        this.events = events;
        this.onClosed = onClosed;
        events.keepChannelsIn(this::keep);
    }

    /**
     * org.webrtc's own argument-less {@code setLocalDescription}: libwebrtc creates an offer or an
     * answer for the signaling state it is in when the operation runs, as the W3C's does. What was
     * set is then read back.
     */
    @Override
    public CompletableFuture<SessionDescription> setLocalDescription() {
        var done = new CompletableFuture<SessionDescription>();
        pc.setLocalDescription(new Sdp(done) {
            @Override
            public void onSetSuccess() {
                org.webrtc.SessionDescription local = pc.getLocalDescription();
                if (local == null) done.completeExceptionally(new IllegalStateException("no local description after setting one"));
                else done.complete(RtcTypes.description(local));
            }
        });
        return done;
    }

    /** Implicit rollback is libwebrtc's, switched on in {@link RtcTypes#configuration}. */
    @Override
    public CompletableFuture<Void> setRemoteDescription(SessionDescription description) {
        var done = new CompletableFuture<Void>();
        pc.setRemoteDescription(new Sdp(done) {
            @Override
            public void onSetSuccess() {
                done.complete(null);
            }
        }, RtcTypes.description(description));
        return done;
    }

    @Override
    public CompletableFuture<Void> addIceCandidate(IceCandidate candidate) {
        var done = new CompletableFuture<Void>();
        pc.addIceCandidate(RtcTypes.candidate(candidate), new AddIceObserver() {
            @Override
            public void onAddSuccess() {
                done.complete(null);
            }

            @Override
            public void onAddFailure(String error) {
                done.completeExceptionally(new IllegalStateException("could not add the candidate: " + error));
            }
        });
        return done;
    }

    @Override
    public boolean hasRemoteDescription() {
        return pc.getRemoteDescription() != null;
    }

    @Override
    public SignalingState signalingState() {
        return RtcTypes.signaling(pc.signalingState());
    }

    @Override
    public IceConnectionState iceConnectionState() {
        return events.ice();
    }

    @Override
    public PeerConnectionState connectionState() {
        return RtcTypes.connection(pc.connectionState());
    }

    @Override
    public void restartIce() {
        pc.restartIce();
    }

    @Override
    public RtcDataChannel createDataChannel(String label, DataChannelOptions options) {
        DataChannel channel = pc.createDataChannel(label, RtcTypes.init(options));
        if (channel == null) throw new IllegalStateException("org.webrtc refused data channel " + label + " " + options);
        var wrapped = new AndroidDataChannel(channel);
        keep(wrapped);
        return wrapped;
    }

    @Override
    public CompletableFuture<RtcStats> stats() {
        var done = new CompletableFuture<RtcStats>();
        pc.getStats(report -> {
            try {
                done.complete(StatsReader.read(report));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * Closes the connection, then frees its channels and the connection itself (with its senders,
     * receivers and the remote tracks). The local media is the application's and stays.
     */
    @Override
    public void close() {
        List<AndroidDataChannel> open;
        synchronized (this) {
            if (closed) return;
            closed = true;
            open = List.copyOf(channels);
            channels.clear();
        }
        events.close();
        pc.close();
        for (AndroidDataChannel c : open) c.dispose();
        pc.dispose();
        onClosed.accept(this);
    }

    private void keep(AndroidDataChannel channel) {
        synchronized (this) {
            if (!closed) {
                channels.add(channel);
                return;
            }
        }
        channel.dispose(); // announced while closing: nobody will use it
    }

    /** org.webrtc's callback for a set description; only the outcome of setting matters here. */
    private abstract static class Sdp implements SdpObserver {
        private final CompletableFuture<?> done;

        Sdp(CompletableFuture<?> done) {
            this.done = done;
        }

        @Override
        public void onCreateSuccess(org.webrtc.SessionDescription description) {}

        @Override
        public void onCreateFailure(String error) {
            done.completeExceptionally(new IllegalStateException("could not create a description: " + error));
        }

        @Override
        public void onSetFailure(String error) {
            done.completeExceptionally(new IllegalStateException("could not set the description: " + error));
        }
    }
}
