package dev.parley.client.webrtc;

/** A peer-connection operation webrtc refused (a description in the wrong state, a bad SDP...). */
public final class RtcOperationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RtcOperationException(String message) {
        super(message);
    }
}
