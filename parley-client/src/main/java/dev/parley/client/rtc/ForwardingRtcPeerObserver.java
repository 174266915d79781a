package dev.parley.client.rtc;

import java.util.List;
import java.util.Objects;

/** An observer that hands every event on to another, for wrappers that change one or two of them. */
public class ForwardingRtcPeerObserver implements RtcPeerObserver {
    private final RtcPeerObserver delegate;

    public ForwardingRtcPeerObserver(RtcPeerObserver delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void onNegotiationNeeded() {
        delegate.onNegotiationNeeded();
    }

    @Override
    public void onIceCandidate(IceCandidate candidate) {
        delegate.onIceCandidate(candidate);
    }

    @Override
    public void onSignalingState(SignalingState state) {
        delegate.onSignalingState(state);
    }

    @Override
    public void onIceConnectionState(IceConnectionState state) {
        delegate.onIceConnectionState(state);
    }

    @Override
    public void onConnectionState(PeerConnectionState state) {
        delegate.onConnectionState(state);
    }

    @Override
    public void onTrack(RemoteTrack track, List<String> streamIds) {
        delegate.onTrack(track, streamIds);
    }

    @Override
    public void onTrackRemoved(RemoteTrack track) {
        delegate.onTrackRemoved(track);
    }

    @Override
    public void onDataChannel(RtcDataChannel channel) {
        delegate.onDataChannel(channel);
    }
}
