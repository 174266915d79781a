package dev.parley.client.rtc;

import java.util.List;

/** A peer connection's events, as the W3C's {@code on...} handlers. Called on any thread. */
public interface RtcPeerObserver {
    void onNegotiationNeeded();

    /** A local candidate to send to the other side (end-of-candidates is not reported). */
    void onIceCandidate(IceCandidate candidate);

    void onSignalingState(SignalingState state);

    void onIceConnectionState(IceConnectionState state);

    void onConnectionState(PeerConnectionState state);

    /** A remote track arrived, in the sender's streams (their ids are the SDP's {@code msid}). */
    void onTrack(RemoteTrack track, List<String> streamIds);

    /** The other side stopped sending a track (it was removed in a renegotiation). */
    void onTrackRemoved(RemoteTrack track);

    /** The other side opened a data channel (not negotiated out of band). */
    void onDataChannel(RtcDataChannel channel);
}
