package dev.parley.client.rtc;

/**
 * What the quality line shows, read from the peer connection's statistics at one instant; totals
 * are counters since the connection began, so two samples give rates. Fields the platform cannot
 * tell are -1 (or null for {@code path}).
 *
 * @param path how the selected candidate pair connects: {@code host}, {@code srflx}, {@code prflx}
 *     or {@code relay} (the local candidate's type), null before one is selected
 * @param roundTripSeconds the selected pair's current round-trip time
 */
public record RtcStats(
        long timestampMicros,
        long bytesSent,
        long bytesReceived,
        long packetsReceived,
        long packetsLost,
        double roundTripSeconds,
        String path,
        long framesDecoded,
        int frameWidth,
        int frameHeight) {}
