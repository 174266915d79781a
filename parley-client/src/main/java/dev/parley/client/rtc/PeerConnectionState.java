package dev.parley.client.rtc;

/** The W3C's {@code RTCPeerConnectionState}. */
public enum PeerConnectionState {
    NEW,
    CONNECTING,
    CONNECTED,
    DISCONNECTED,
    FAILED,
    CLOSED
}
