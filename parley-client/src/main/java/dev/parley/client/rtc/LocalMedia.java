package dev.parley.client.rtc;

/**
 * The tracks a call sends (the JS SDK's local {@code MediaStream}). The platform's adapter defines
 * what they are (a camera, a microphone, frames an application pushes) and adds them to each peer
 * connection it makes; the call layer only hands them over.
 */
public interface LocalMedia {
    /** Receive-only: sends nothing, still receives what the other side sends. */
    LocalMedia NONE = new LocalMedia() {
        @Override
        public String toString() {
            return "LocalMedia.NONE";
        }
    };
}
