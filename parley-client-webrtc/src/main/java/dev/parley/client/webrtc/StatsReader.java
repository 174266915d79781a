package dev.parley.client.webrtc;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import dev.parley.client.rtc.RtcStats;
import java.util.Map;

/** Reads the quality line's numbers from a stats report, the way parley-quality.js does in browsers. */
final class StatsReader {
    private StatsReader() {}

    static RtcStats read(RTCStatsReport report) {
        Map<String, RTCStats> all = report.getStats();
        long bytesSent = 0, bytesReceived = 0, packetsReceived = 0, packetsLost = 0, framesDecoded = -1;
        int width = -1, height = -1;
        double fps = -1;
        RTCStats pair = null;
        for (RTCStats s : all.values()) {
            Map<String, Object> a = s.getAttributes();
            RTCStatsType type = s.getType();
            if (type == RTCStatsType.INBOUND_RTP) {
                bytesReceived += number(a, "bytesReceived", 0);
                packetsReceived += number(a, "packetsReceived", 0);
                packetsLost += Math.max(0, number(a, "packetsLost", 0));
                if ("video".equals(a.get("kind"))) {
                    framesDecoded = Math.max(0, framesDecoded) + number(a, "framesDecoded", 0);
                    width = (int) number(a, "frameWidth", width);
                    height = (int) number(a, "frameHeight", height);
                    if (a.get("framesPerSecond") instanceof Number n) fps = n.doubleValue();
                }
            } else if (type == RTCStatsType.OUTBOUND_RTP) {
                bytesSent += number(a, "bytesSent", 0);
            } else if (type == RTCStatsType.TRANSPORT && a.get("selectedCandidatePairId") instanceof String id) {
                pair = all.get(id);
            }
        }
        if (pair == null) {
            for (RTCStats s : all.values()) {
                Map<String, Object> a = s.getAttributes();
                if (s.getType() == RTCStatsType.CANDIDATE_PAIR && Boolean.TRUE.equals(a.get("nominated"))
                        && "succeeded".equals(a.get("state"))) {
                    pair = s;
                }
            }
        }
        double rtt = -1;
        RtcStats.Path path = null;
        if (pair != null) {
            Map<String, Object> a = pair.getAttributes();
            if (a.get("currentRoundTripTime") instanceof Number n) rtt = n.doubleValue();
            RTCStats local = a.get("localCandidateId") instanceof String id ? all.get(id) : null;
            RTCStats remote = a.get("remoteCandidateId") instanceof String id ? all.get(id) : null;
            if (local != null && remote != null) path = path(local.getAttributes(), remote.getAttributes());
        }
        return new RtcStats(report.getTimestamp(), bytesReceived, bytesSent, packetsReceived, packetsLost, rtt,
                framesDecoded, fps, width, height, path);
    }

    /** Towards a relay, what matters is how this side reaches it (its relay protocol), as in parley-quality.js. */
    private static RtcStats.Path path(Map<String, Object> local, Map<String, Object> remote) {
        String localType = String.valueOf(local.get("candidateType"));
        String transport = "relay".equals(localType) && local.get("relayProtocol") instanceof String p ? p
                : String.valueOf(local.get("protocol"));
        return new RtcStats.Path(localType, String.valueOf(remote.get("candidateType")), transport,
                local.get("address") + ":" + local.get("port"), remote.get("address") + ":" + remote.get("port"));
    }

    /** Counters come as Integer, Long or BigInteger (unsigned 64-bit), gauges as Double. */
    private static long number(Map<String, Object> attributes, String name, long absent) {
        return attributes.get(name) instanceof Number n ? n.longValue() : absent;
    }
}
