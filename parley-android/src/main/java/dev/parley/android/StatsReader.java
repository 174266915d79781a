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
        String path = null;
        if (pair != null) {
            if (pair.getMembers().get("currentRoundTripTime") instanceof Number r) rtt = r.doubleValue();
            if (pair.getMembers().get("localCandidateId") instanceof String id && all.get(id) != null
                    && all.get(id).getMembers().get("candidateType") instanceof String type) {
                path = type;
            }
        }
        return new RtcStats((long) report.getTimestampUs(), bytesSent, bytesReceived, packetsReceived, packetsLost, rtt, path,
                framesDecoded, width, height);
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
