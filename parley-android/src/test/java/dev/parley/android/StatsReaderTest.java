package dev.parley.android;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.rtc.RtcStats;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.webrtc.RTCStats;
import org.webrtc.RTCStatsReport;

/**
 * Reports built as org.webrtc's JNI builds them (its real classes; members boxed by C++ width:
 * uint64 as BigInteger, uint32 as Long, int32 as Integer, double as Double).
 */
class StatsReaderTest {
    private static final long NOW = 1_700_000_000_000_000L;

    private final Map<String, RTCStats> stats = new LinkedHashMap<>();

    private void add(String id, String type, Map<String, Object> members) {
        stats.put(id, new RTCStats(NOW, type, id, members));
    }

    private RtcStats read() {
        return StatsReader.read(new RTCStatsReport(NOW, stats));
    }

    @Test
    void aCallWithAudioAndVideoBothWaysOverARelay() {
        add("IT01V", "inbound-rtp", Map.of("kind", "video", "bytesReceived", BigInteger.valueOf(1_000_000), "packetsReceived", 900L,
                "packetsLost", 10, "framesDecoded", 300L, "framesPerSecond", 29.5, "frameWidth", 640L, "frameHeight", 480L));
        add("IT01A", "inbound-rtp", Map.of("kind", "audio", "bytesReceived", BigInteger.valueOf(50_000), "packetsReceived", 500L,
                "packetsLost", -2)); // duplicates can make the loss negative: counted as none
        add("OT01V", "outbound-rtp", Map.of("kind", "video", "bytesSent", BigInteger.valueOf(2_000_000)));
        add("OT01A", "outbound-rtp", Map.of("kind", "audio", "bytesSent", BigInteger.valueOf(60_000)));
        add("T01", "transport", Map.of("selectedCandidatePairId", "CP1"));
        add("CP0", "candidate-pair", Map.of("localCandidateId", "IL0", "currentRoundTripTime", 0.5, "nominated", true, "state", "succeeded"));
        add("CP1", "candidate-pair", Map.of("localCandidateId", "IL1", "remoteCandidateId", "IR1", "currentRoundTripTime", 0.042));
        add("IL0", "local-candidate", Map.of("candidateType", "host"));
        add("IL1", "local-candidate", Map.of("candidateType", "relay", "relayProtocol", "tls", "protocol", "udp",
                "address", "127.0.0.2", "port", 50001));
        add("IR1", "remote-candidate", Map.of("candidateType", "srflx", "protocol", "udp", "address", "127.0.0.3", "port", 50002));

        assertThat(read()).isEqualTo(new RtcStats(NOW, 1_050_000, 2_060_000, 1_400, 10, 0.042, 300, 29.5, 640, 480,
                new RtcStats.Path("relay", "srflx", "tls", "127.0.0.2:50001", "127.0.0.3:50002")));
    }

    @Test
    void withoutATransportNamingItsPairTheNominatedWorkingPairIsTheOne() {
        add("CP0", "candidate-pair", Map.of("localCandidateId", "IL0", "remoteCandidateId", "IR", "currentRoundTripTime", 0.2,
                "nominated", false, "state", "succeeded"));
        add("CP1", "candidate-pair", Map.of("localCandidateId", "IL1", "remoteCandidateId", "IR", "currentRoundTripTime", 0.01,
                "nominated", true, "state", "succeeded"));
        add("IL0", "local-candidate", Map.of("candidateType", "srflx", "protocol", "udp", "ip", "127.0.0.4", "port", 1));
        add("IL1", "local-candidate", Map.of("candidateType", "host", "protocol", "tcp", "ip", "127.0.0.5", "port", 2));
        add("IR", "remote-candidate", Map.of("candidateType", "host", "protocol", "tcp", "ip", "127.0.0.6", "port", 3));

        RtcStats s = read();

        assertThat(s.roundTripSeconds()).isEqualTo(0.01);
        // a relay's protocol only matters for a relay; older libwebrtc says ip, not address
        assertThat(s.path()).isEqualTo(new RtcStats.Path("host", "host", "tcp", "127.0.0.5:2", "127.0.0.6:3"));
    }

    @Test
    void whatCannotBeToldYetIsMinusOneOrNull() {
        add("OT01A", "outbound-rtp", Map.of("kind", "audio", "bytesSent", BigInteger.valueOf(1234)));
        add("T01", "transport", Map.of("selectedCandidatePairId", "gone"));

        assertThat(read()).isEqualTo(new RtcStats(NOW, 0, 1234, 0, 0, -1, -1, -1, -1, -1, null));
    }

    @Test
    void membersOfUnexpectedTypesAreSkippedNotFatal() {
        add("IT01V", "inbound-rtp", Map.of("kind", "video", "bytesReceived", "lots", "frameWidth", "wide", "framesDecoded", 5L));
        add("T01", "transport", Map.of("selectedCandidatePairId", 42));

        RtcStats s = read();

        assertThat(s.bytesReceived()).isZero();
        assertThat(s.frameWidth()).isEqualTo(-1);
        assertThat(s.framesDecoded()).isEqualTo(5);
        assertThat(s.path()).isNull();
    }
}
