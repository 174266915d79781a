package dev.parley.client.rtc;

/**
 * What the quality line shows, read from the peer connection's statistics at one instant (the
 * W3C's {@code getStats()}): totals are counters since the connection began, so two samples give
 * rates. Values the platform cannot tell are -1, or null for {@code path}.
 *
 * @param bytesReceived summed over inbound RTP streams, as are the packets
 * @param bytesSent summed over outbound RTP streams
 * @param roundTripSeconds the selected candidate pair's current round-trip time
 * @param framesPerSecond, frameWidth, frameHeight of the received video
 * @param path the selected candidate pair, null before one is selected
 */
public record RtcStats(
        long timestampMicros,
        long bytesReceived,
        long bytesSent,
        long packetsReceived,
        long packetsLost,
        double roundTripSeconds,
        long framesDecoded,
        double framesPerSecond,
        int frameWidth,
        int frameHeight,
        Path path) {

    /**
     * The two ends of the selected candidate pair.
     *
     * @param localType, remoteType candidate types: {@code host}, {@code srflx}, {@code prflx}, {@code relay}
     * @param transport how this side reaches the other, or its relay: {@code udp}, {@code tcp}, {@code tls}
     * @param local, remote {@code address:port}
     */
    public record Path(String localType, String remoteType, String transport, String local, String remote) {}
}
