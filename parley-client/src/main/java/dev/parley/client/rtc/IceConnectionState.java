package dev.parley.client.rtc;

/** The W3C's {@code RTCIceConnectionState}. */
public enum IceConnectionState {
    NEW,
    CHECKING,
    CONNECTED,
    COMPLETED,
    FAILED,
    DISCONNECTED,
    CLOSED
}
