package dev.parley.client.rtc;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** A peer connection that hands every call on to another, for wrappers that change one or two of them. */
public class ForwardingRtcPeer implements RtcPeer {
    private final RtcPeer delegate;

    public ForwardingRtcPeer(RtcPeer delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public CompletableFuture<SessionDescription> setLocalDescription() {
        return delegate.setLocalDescription();
    }

    @Override
    public CompletableFuture<Void> setRemoteDescription(SessionDescription description) {
        return delegate.setRemoteDescription(description);
    }

    @Override
    public CompletableFuture<Void> addIceCandidate(IceCandidate candidate) {
        return delegate.addIceCandidate(candidate);
    }

    @Override
    public boolean hasRemoteDescription() {
        return delegate.hasRemoteDescription();
    }

    @Override
    public SignalingState signalingState() {
        return delegate.signalingState();
    }

    @Override
    public IceConnectionState iceConnectionState() {
        return delegate.iceConnectionState();
    }

    @Override
    public PeerConnectionState connectionState() {
        return delegate.connectionState();
    }

    @Override
    public void restartIce() {
        delegate.restartIce();
    }

    @Override
    public RtcDataChannel createDataChannel(String label, DataChannelOptions options) {
        return delegate.createDataChannel(label, options);
    }

    @Override
    public CompletableFuture<RtcStats> stats() {
        return delegate.stats();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
