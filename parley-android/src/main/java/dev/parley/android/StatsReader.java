package dev.parley.android;

import dev.parley.client.rtc.RtcStats;
import java.util.Map;
import org.webrtc.RTCStats;
import org.webrtc.RTCStatsReport;

/**
 * Reads the quality line's numbers out of an org.webrtc statistics report, as the JS SDK's
 * {@code parley-quality.js} reads a browser's. org.webrtc hands members over as boxed numbers of
 * the C++ type's width ({@code uint64} becomes {@link java.math.BigInteger}, {@code uint32} a
 * {@link Long}, {@code int32} an {@link Integer}), so every count is read as a {@link Number}.
 */
final class StatsReader {
    private StatsReader() {}

    static RtcStats read(RTCStatsReport report) {
        Map<String, RTCStats> all = report.getStatsMap();
        long bytesSent = 0;
        long bytesReceived = 0;
        long packetsReceived = 0;
        long packetsLost = 0;
        long framesDecoded = -1;
        double fps = -1;
        int width = -1;
        int height = -1;
        RTCStats pair = null;
        for (RTCStats s : all.values()) {
            Map<String, Object> m = s.getMembers();
            switch (s.getType()) {
                case "inbound-rtp" -> {
                    bytesReceived += count(m, "bytesReceived");
                    packetsReceived += count(m, "packetsReceived");
                    packetsLost += Math.max(0, count(m, "packetsLost")); // negative with duplicates
                    if ("video".equals(m.get("kind"))) {
                        framesDecoded = Math.max(framesDecoded, 0) + count(m, "framesDecoded");
                        if (m.get("framesPerSecond") instanceof Number f) fps = f.doubleValue();
                        if (m.get("frameWidth") instanceof Number w) width = w.intValue();
                        if (m.get("frameHeight") instanceof Number h) height = h.intValue();
                    }
                }
                case "outbound-rtp" -> bytesSent += count(m, "bytesSent");
                case "transport" -> {
                    if (m.get("selectedCandidatePairId") instanceof String id && all.get(id) != null) pair = all.get(id);
                }
                default -> {}
            }
        }
        if (pair == null) pair = nominatedPair(all);
        double rtt = -1;
        RtcStats.Path path = null;
        if (pair != null) {
            if (pair.getMembers().get("currentRoundTripTime") instanceof Number r) rtt = r.doubleValue();
            path = path(member(all, pair, "localCandidateId"), member(all, pair, "remoteCandidateId"));
        }
        return new RtcStats((long) report.getTimestampUs(), bytesReceived, bytesSent, packetsReceived, packetsLost, rtt,
                framesDecoded, fps, width, height, path);
    }

    /**
     * The selected pair's two ends, as the JS SDK's quality line describes them; towards a relay,
     * what matters is how this side reaches it (UDP, TCP or TLS).
     */
    private static RtcStats.Path path(Map<String, Object> local, Map<String, Object> remote) {
        if (local == null || remote == null) return null;
        String localType = text(local, "candidateType");
        String transport = "relay".equals(localType) && text(local, "relayProtocol") != null
                ? text(local, "relayProtocol")
                : text(local, "protocol");
        return new RtcStats.Path(localType, text(remote, "candidateType"), transport, endpoint(local), endpoint(remote));
    }

    /** The members of the stats object another one names, or null. */
    private static Map<String, Object> member(Map<String, RTCStats> all, RTCStats of, String idMember) {
        return of.getMembers().get(idMember) instanceof String id && all.get(id) != null ? all.get(id).getMembers() : null;
    }

    /** {@code address:port}; libwebrtc says {@code address}, older versions {@code ip}. */
    private static String endpoint(Map<String, Object> candidate) {
        String address = text(candidate, "address") != null ? text(candidate, "address") : text(candidate, "ip");
        if (address == null) return null;
        return candidate.get("port") instanceof Number p ? address + ":" + p.intValue() : address;
    }

    private static String text(Map<String, Object> members, String name) {
        return members.get(name) instanceof String s ? s : null;
    }

    /** Without a transport naming its pair (older libwebrtc), the nominated pair that works. */
    private static RTCStats nominatedPair(Map<String, RTCStats> all) {
        for (RTCStats s : all.values()) {
            Map<String, Object> m = s.getMembers();
            if ("candidate-pair".equals(s.getType()) && Boolean.TRUE.equals(m.get("nominated")) && "succeeded".equals(m.get("state"))) {
                return s;
            }
        }
        return null;
    }

    private static long count(Map<String, Object> members, String name) {
        return members.get(name) instanceof Number n ? n.longValue() : 0;
    }
}
