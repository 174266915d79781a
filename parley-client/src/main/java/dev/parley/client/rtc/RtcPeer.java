package dev.parley.client.rtc;

import java.util.concurrent.CompletableFuture;

/**
 * One peer connection, as the W3C {@code RTCPeerConnection} the JS SDK drives. Futures may complete
 * on any thread; the call layer continues on its own event loop.
 */
public interface RtcPeer {
    /**
     * Sets a local description fitting the signaling state, as the W3C's argument-less
     * {@code setLocalDescription()}: an offer when stable or after a local offer, an answer after a
     * remote offer. Completes with the description set.
     */
    CompletableFuture<SessionDescription> setLocalDescription();

    /**
     * Sets the other side's description. An offer that arrives while a local offer is pending rolls
     * that offer back first (the W3C's implicit rollback, which the polite side relies on).
     */
    CompletableFuture<Void> setRemoteDescription(SessionDescription description);

    CompletableFuture<Void> addIceCandidate(IceCandidate candidate);

    /** Whether a remote description has been set (the W3C's {@code remoteDescription != null}). */
    boolean hasRemoteDescription();

    SignalingState signalingState();

    IceConnectionState iceConnectionState();

    PeerConnectionState connectionState();

    /** Starts an ICE restart: negotiation-needed follows, and the next offer has new credentials. */
    void restartIce();

    RtcDataChannel createDataChannel(String label, DataChannelOptions options);

    /** Live statistics, for the call's quality line. */
    CompletableFuture<RtcStats> stats();

    /** Closes the connection and releases what it holds; the local media stays the application's. */
    void close();
}
