package dev.parley.client.rtc;

/**
 * A track the other side sends. The platform's adapter returns its own type, with ways to receive
 * frames or samples; the call layer only sorts tracks into streams.
 */
public interface RemoteTrack {
    String id();

    Kind kind();

    enum Kind {
        AUDIO,
        VIDEO
    }
}
