package dev.parley.client.rtc;

import java.util.Objects;

/**
 * An ICE candidate, as the W3C's {@code RTCIceCandidateInit}: {@code sdpMid} and
 * {@code sdpMLineIndex} say which media section it belongs to (either may be null, not both);
 * {@code usernameFragment} may be null.
 */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex, String usernameFragment) {
    public IceCandidate {
        Objects.requireNonNull(candidate, "candidate");
    }
}
