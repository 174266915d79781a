package dev.parley.client.webrtc;

/** A camera, microphone, screen or sound server the application asked for is not there. */
public final class NoMediaDeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoMediaDeviceException(String message) {
        super(message);
    }
}
