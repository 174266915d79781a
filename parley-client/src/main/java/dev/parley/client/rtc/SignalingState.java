package dev.parley.client.rtc;

/** The W3C's {@code RTCSignalingState}. */
public enum SignalingState {
    STABLE,
    HAVE_LOCAL_OFFER,
    HAVE_REMOTE_OFFER,
    HAVE_LOCAL_PRANSWER,
    HAVE_REMOTE_PRANSWER,
    CLOSED
}
