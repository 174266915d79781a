package dev.parley.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ServerConfig;
import dev.parley.server.TestServer;
import dev.parley.server.turn.TurnOptions;
import dev.parley.turn.policy.Cidr;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Allow rules reaching loopback or metadata addresses (--turn-allow-dangerous-peers) show in /metrics, not only in the log. */
class DangerousPeersGaugeTest {
    @Test
    void theGaugeSaysWhetherTheRelayMayReachThisMachine() throws Exception {
        assertThat(scrape(List.of(Cidr.parse("0.0.0.0/0")))).contains("parley_turn_dangerous_peers_allowed 1.0");
        assertThat(scrape(List.of(Cidr.parse("192.168.1.0/24")))).contains("parley_turn_dangerous_peers_allowed 0.0");
    }

    private static String scrape(List<Cidr> allowPeers) throws Exception {
        var turn = new TurnOptions("127.0.0.1", 0, -1, InetAddress.getByName("127.0.0.1"), null, 49152, 65535, allowPeers,
                "gauge-test-secret-0123456789", Map.of(), Duration.ofHours(1), 100, 10, 0, null, false, List.of());
        try (TestServer server = TestServer.start(ServerConfig.loopback(0).withTurn(turn))) {
            HttpResponse<String> r = server.http().send(HttpRequest.newBuilder(server.httpUri("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body();
        }
    }
}
