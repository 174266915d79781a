package dev.parley.client.call;

import dev.parley.client.rtc.RtcStats;

/**
 * One second of a call's quality (the JS SDK's {@code QualitySample}): received and sent bitrate,
 * loss, round trip, the received video, the path, and a verdict with the JS SDK's thresholds.
 *
 * @param rttMs -1 when unknown
 * @param fps, width, height of the received video, -1 when there is none
 * @param path null before a candidate pair is selected
 */
public record QualitySample(long at, long inKbps, long outKbps, double lossPercent, long rttMs, double fps,
        int width, int height, Path path, Rating rating) {

    /** {@code kind}: {@code direct}, {@code stun} or {@code relay}; {@code transport}: UDP, TCP or TLS. */
    public record Path(String kind, String transport, String local, String remote) {}

    public enum Rating {
        GOOD,
        FAIR,
        POOR
    }

    /** The sample between two readings of the statistics, {@code at} ms since 1970. */
    static QualitySample between(RtcStats last, RtcStats now, long at) {
        double seconds = Math.max(1e-3, (now.timestampMicros() - last.timestampMicros()) / 1e6);
        long received = now.packetsReceived() - last.packetsReceived();
        long lost = Math.max(0, now.packetsLost() - last.packetsLost());
        double loss = received + lost > 0 ? Math.round(1000.0 * lost / (received + lost)) / 10.0 : 0;
        long rtt = now.roundTripSeconds() >= 0 ? Math.round(now.roundTripSeconds() * 1000) : -1;
        Path path = now.path() == null ? null : describe(now.path());
        long in = Math.round((now.bytesReceived() - last.bytesReceived()) * 8 / 1000.0 / seconds);
        long out = Math.round((now.bytesSent() - last.bytesSent()) * 8 / 1000.0 / seconds);
        return new QualitySample(at, in, out, loss, rtt, now.framesPerSecond(), now.frameWidth(), now.frameHeight(), path,
                rate(loss, rtt, now.framesPerSecond()));
    }

    /** Direct (host or peer-reflexive on both ends), through NAT found by STUN, or through a TURN relay. */
    private static Path describe(RtcStats.Path p) {
        String kind = "relay".equals(p.localType()) || "relay".equals(p.remoteType()) ? "relay"
                : "srflx".equals(p.localType()) || "srflx".equals(p.remoteType()) ? "stun" : "direct";
        String transport = p.transport() == null ? "" : p.transport().toUpperCase(java.util.Locale.ROOT);
        return new Path(kind, transport, p.local(), p.remote());
    }

    /** The JS SDK's RATING: poor above 10 % loss, 400 ms or under 8 fps; fair above 2 %, 150 ms or under 15 fps. */
    private static Rating rate(double loss, long rttMs, double fps) {
        if (worse(loss, rttMs, fps, 10, 400, 8)) return Rating.POOR;
        if (worse(loss, rttMs, fps, 2, 150, 15)) return Rating.FAIR;
        return Rating.GOOD;
    }

    private static boolean worse(double loss, long rttMs, double fps, double maxLoss, long maxRtt, double minFps) {
        return loss > maxLoss || rttMs > maxRtt || (fps > 0 && fps < minFps);
    }
}
