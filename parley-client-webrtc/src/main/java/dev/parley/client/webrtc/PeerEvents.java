package dev.parley.client.webrtc;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.parley.client.rtc.IceConnectionState;
import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.client.rtc.RtcPeerObserver;
import dev.parley.client.rtc.SignalingState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Translates webrtc-java's peer-connection events into the port's {@link RtcPeerObserver}. Called on
 * webrtc's signaling thread; nothing may escape (see {@link Threads#callback}), and nothing here
 * waits. The states are cached here, as the W3C's attributes, so reading them needs no native call.
 */
final class PeerEvents implements PeerConnectionObserver {
    private final WebRtcPeer peer;
    private final RtcPeerObserver observer;
    private volatile boolean muted;

    volatile SignalingState signalingState = SignalingState.STABLE;
    volatile IceConnectionState iceConnectionState = IceConnectionState.NEW;
    volatile PeerConnectionState connectionState = PeerConnectionState.NEW;

    private final Object candidateLock = new Object();
    // guarded by candidateLock: candidates found while a local description is being set
    private java.util.List<RTCIceCandidate> heldCandidates;

    /** By track id; a track the other side adds again (same transceiver) keeps its adapter and sinks. */
    private final Map<String, WebRtcRemoteTrack> tracks = new ConcurrentHashMap<>();

    PeerEvents(WebRtcPeer peer, RtcPeerObserver observer) {
        this.peer = peer;
        this.observer = observer;
    }

    /** After close: the W3C fires nothing once {@code close()} is called. */
    void mute() {
        muted = true;
    }

    List<WebRtcRemoteTrack> remoteTracks() {
        return tracks.values().stream().filter(t -> !t.removed()).toList();
    }

    void releaseRemoteTracks() {
        for (WebRtcRemoteTrack track : tracks.values()) track.release();
    }

    private final Object earlyLock = new Object();
    // guarded by earlyLock: events from before the peer was handed to the application, or null after
    private java.util.List<Runnable> early = new java.util.ArrayList<>();

    /**
     * The application has its peer now: what happened before (libwebrtc reports negotiation-needed
     * from inside addTrack, before {@code create} returns) is told now, as the W3C would in a later
     * task. Called on the ops thread.
     */
    void opened() {
        synchronized (earlyLock) {
            java.util.List<Runnable> pending = early;
            early = null;
            for (Runnable r : pending) r.run();
        }
    }

    private void deliver(String what, Runnable r) {
        Runnable call = () -> Threads.callback(what, () -> {
            if (!muted) r.run();
        });
        synchronized (earlyLock) {
            if (early != null) {
                early.add(call);
                return;
            }
        }
        call.run();
    }

    /**
     * webrtc-java bridges only libwebrtc's legacy event, which fires at once, even in the middle
     * of an operation (during a rollback, say) where the W3C's would wait for an empty operations
     * chain and a stable state. A call layer that answers a stale event offers for nothing, and such
     * offers collide. So the event goes through the operations chain and is told only if the
     * connection is stable then; if negotiation is still needed afterwards, libwebrtc fires it
     * again on its return to stable, as the W3C does.
     */
    @Override
    public void onRenegotiationNeeded() {
        Threads.callback("onNegotiationNeeded", () -> peer.whenStable(() -> deliver("onNegotiationNeeded", observer::onNegotiationNeeded)));
    }

    /**
     * Holds candidates back while a local description is being set: libwebrtc reports the first
     * ones before the description's own completion, and a call layer that forwards both in the order
     * it learns them would send candidates ahead of the offer, which the other side must refuse. The
     * W3C reports them after, as {@link #releaseCandidates} does.
     */
    void holdCandidates() {
        synchronized (candidateLock) {
            if (heldCandidates == null) heldCandidates = new java.util.ArrayList<>();
        }
    }

    void releaseCandidates() {
        synchronized (candidateLock) {
            java.util.List<RTCIceCandidate> held = heldCandidates;
            heldCandidates = null;
            if (held == null) return;
            // Delivered under the lock, so that a candidate found meanwhile cannot overtake these.
            for (RTCIceCandidate c : held) deliver("onIceCandidate", () -> observer.onIceCandidate(Sdp.toPort(c)));
        }
    }

    @Override
    public void onIceCandidate(RTCIceCandidate candidate) {
        synchronized (candidateLock) {
            if (heldCandidates != null) {
                if (heldCandidates.size() < 1000) heldCandidates.add(candidate);
                return;
            }
            deliver("onIceCandidate", () -> observer.onIceCandidate(Sdp.toPort(candidate)));
        }
    }

    @Override
    public void onSignalingChange(RTCSignalingState state) {
        deliver("onSignalingState", () -> {
            signalingState = switch (state) {
                case STABLE -> SignalingState.STABLE;
                case HAVE_LOCAL_OFFER -> SignalingState.HAVE_LOCAL_OFFER;
                case HAVE_REMOTE_OFFER -> SignalingState.HAVE_REMOTE_OFFER;
                case HAVE_LOCAL_PR_ANSWER -> SignalingState.HAVE_LOCAL_PRANSWER;
                case HAVE_REMOTE_PR_ANSWER -> SignalingState.HAVE_REMOTE_PRANSWER;
                case CLOSED -> SignalingState.CLOSED;
            };
            observer.onSignalingState(signalingState);
        });
    }

    @Override
    public void onIceConnectionChange(RTCIceConnectionState state) {
        deliver("onIceConnectionState", () -> {
            iceConnectionState = IceConnectionState.valueOf(state.name());
            observer.onIceConnectionState(iceConnectionState);
        });
    }

    @Override
    public void onConnectionChange(RTCPeerConnectionState state) {
        deliver("onConnectionState", () -> {
            connectionState = PeerConnectionState.valueOf(state.name());
            observer.onConnectionState(connectionState);
        });
    }

    @Override
    public void onTrack(RTCRtpTransceiver transceiver) {
        deliver("onTrack", () -> {
            MediaStreamTrack nativeTrack = transceiver.getReceiver().getTrack();
            if (nativeTrack == null) return;
            String id = nativeTrack.getId();
            WebRtcRemoteTrack track = tracks.compute(id, (k, known) -> known != null && !known.released()
                    ? known.readded()
                    : new WebRtcRemoteTrack(nativeTrack, id));
            // webrtc-java 0.14's MediaStream.id() answers null here: the stream ids are the SDP's.
            RTCSessionDescription remote = peer.pc.getRemoteDescription();
            List<String> streams = remote == null ? List.of() : Sdp.streamIds(remote.sdp, transceiver.getMid());
            observer.onTrack(track, streams);
        });
    }

    @Override
    public void onRemoveTrack(RTCRtpReceiver receiver) {
        deliver("onTrackRemoved", () -> {
            MediaStreamTrack nativeTrack = receiver.getTrack();
            WebRtcRemoteTrack track = nativeTrack == null ? null : tracks.get(nativeTrack.getId());
            if (track == null || track.removed()) return;
            track.markRemoved();
            observer.onTrackRemoved(track);
        });
    }

    @Override
    public void onDataChannel(RTCDataChannel channel) {
        // The channel's native reference is this side's to release, muted or not.
        Threads.callback("onDataChannel", () -> {
            WebRtcDataChannel adapter = peer.adopt(channel);
            deliver("onDataChannel", () -> observer.onDataChannel(adapter));
        });
    }
}
