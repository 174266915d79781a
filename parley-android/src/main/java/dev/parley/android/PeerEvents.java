package dev.parley.android;

import dev.parley.client.rtc.IceConnectionState;
import dev.parley.client.rtc.RtcPeerObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.webrtc.CandidatePairChangeEvent;
import org.webrtc.DataChannel;
import org.webrtc.IceCandidate;
import org.webrtc.MediaStream;
import org.webrtc.MediaStreamTrack;
import org.webrtc.PeerConnection;
import org.webrtc.RtpReceiver;

/**
 * org.webrtc's peer connection events, told to the call layer's observer in the port's terms.
 * org.webrtc calls these on its signaling thread, one at a time; each returns at once (the call
 * layer hops to its own loop) and none calls back into the peer connection, except the reads of
 * ids and states libwebrtc answers in place on that thread.
 */
final class PeerEvents implements PeerConnection.Observer {
    private final RtcPeerObserver observer;

    /** Where channels the other side opens are kept, so the peer can dispose them when it closes. */
    private volatile Consumer<AndroidDataChannel> channels = c -> {};

    /**
     * Remote tracks by id, to say which one went (org.webrtc may hand over a new Java object for the
     * same track). Confined to the signaling thread.
     */
    private final Map<String, AndroidRemoteTrack> tracks = new HashMap<>();

    /** The standard ICE state (org.webrtc's getter reports the legacy one); written on the signaling thread. */
    private volatile IceConnectionState ice = IceConnectionState.NEW;

    /** Once the peer is closed, nothing more is told: the W3C fires no event after close(). */
    private volatile boolean closed;

    PeerEvents(RtcPeerObserver observer) {
        this.observer = observer;
    }

    void keepChannelsIn(Consumer<AndroidDataChannel> channels) {
        this.channels = channels;
    }

    IceConnectionState ice() {
        return ice;
    }

    void close() {
        closed = true;
        ice = IceConnectionState.CLOSED;
    }

    @Override
    public void onSignalingChange(PeerConnection.SignalingState state) {
        if (!closed) observer.onSignalingState(RtcTypes.signaling(state));
    }

    @Override
    public void onIceConnectionChange(PeerConnection.IceConnectionState state) {
        // the legacy state; the standard one follows in onStandardizedIceConnectionChange
    }

    @Override
    public void onStandardizedIceConnectionChange(PeerConnection.IceConnectionState state) {
        if (closed) return;
        ice = RtcTypes.ice(state);
        observer.onIceConnectionState(ice);
    }

    @Override
    public void onConnectionChange(PeerConnection.PeerConnectionState state) {
        if (!closed) observer.onConnectionState(RtcTypes.connection(state));
    }

    @Override
    public void onIceConnectionReceivingChange(boolean receiving) {}

    @Override
    public void onIceGatheringChange(PeerConnection.IceGatheringState state) {}

    @Override
    public void onIceCandidate(IceCandidate candidate) {
        if (!closed) observer.onIceCandidate(RtcTypes.candidate(candidate));
    }

    @Override
    public void onIceCandidatesRemoved(IceCandidate[] candidates) {}

    @Override
    public void onSelectedCandidatePairChanged(CandidatePairChangeEvent event) {}

    @Override
    public void onAddStream(MediaStream stream) {
        // Plan B's event; unified plan reports each track in onAddTrack
    }

    @Override
    public void onRemoveStream(MediaStream stream) {}

    @Override
    public void onDataChannel(DataChannel channel) {
        var wrapped = new AndroidDataChannel(channel);
        channels.accept(wrapped);
        if (!closed) observer.onDataChannel(wrapped);
    }

    @Override
    public void onRenegotiationNeeded() {
        if (!closed) observer.onNegotiationNeeded();
    }

    @Override
    public void onAddTrack(RtpReceiver receiver, MediaStream[] streams) {
        List<String> ids = new ArrayList<>(streams.length);
        for (MediaStream s : streams) ids.add(s.getId());
        trackAdded(receiver.track(), ids);
    }

    @Override
    public void onRemoveTrack(RtpReceiver receiver) {
        trackRemoved(receiver.track());
    }

    /** A remote track and the ids of its streams (the sender's msid). */
    void trackAdded(MediaStreamTrack track, List<String> streamIds) {
        if (track == null || closed) return;
        var remote = new AndroidRemoteTrack(track);
        tracks.put(remote.id(), remote);
        observer.onTrack(remote, List.copyOf(streamIds));
    }

    void trackRemoved(MediaStreamTrack track) {
        AndroidRemoteTrack remote = track == null ? null : tracks.remove(track.id());
        if (remote != null && !closed) observer.onTrackRemoved(remote);
    }
}
