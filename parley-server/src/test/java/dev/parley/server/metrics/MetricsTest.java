package dev.parley.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ParleyException;
import dev.parley.server.Inbox;
import dev.parley.server.ServerConfig;
import dev.parley.server.TestServer;
import dev.parley.server.turn.TurnOptions;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** /metrics in Prometheus text, counting what really happened; /readyz. */
class MetricsTest {
    @Test
    void sessionsRoomsMessagesErrorsCallsAndTurnAreCounted() throws Exception {
        var turn = new TurnOptions("127.0.0.1", 0, -1, InetAddress.getByName("127.0.0.1"), null, 49152, 65535, List.of(),
                "metrics-test-secret-0123456789", Map.of(), Duration.ofHours(1), 100, 10, 0, null, false, List.of());
        try (TestServer server = TestServer.start(ServerConfig.loopback(0).withTurn(turn))) {
            var alice = server.connect("alice", new Inbox());
            var bob = server.connect("bob", new Inbox());
            alice.join("standup").join();
            bob.join("standup").join();
            alice.call("nobody").join(); // answered: unavailable, offline
            try {
                bob.leave("not-there").join();
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(ParleyException.class);
            }
            String text = get(server, "/metrics");
            assertThat(text)
                    .contains("parley_sessions 2.0")
                    .contains("parley_sessions_named 2.0")
                    .contains("parley_rooms 1.0")
                    .contains("parley_messages_in_total{type=\"hello\"} 2.0")
                    .contains("parley_messages_in_total{type=\"join\"} 2.0")
                    .contains("parley_messages_out_total{type=\"welcome\"} 2.0")
                    .contains("parley_messages_out_total{type=\"peer-joined\"} 1.0")
                    .contains("parley_errors_total{code=\"not-in-room\"} 1.0")
                    .contains("parley_calls_ended_total{outcome=\"offline\"} 1.0")
                    .contains("parley_turn_allocations 0.0", "parley_turn_allocations_opened_total 0.0")
                    .contains("parley_turn_relayed_bytes_total{direction=\"to-peer\"} 0.0")
                    .contains("jvm_memory_used_bytes");
            bob.close();
            server.awaitStats(s -> s.namedSessions() == 1);
            assertThat(get(server, "/metrics")).contains("parley_sessions 1.0");
            assertThat(get(server, "/readyz")).isEqualTo("ready\n");
        }
    }

    private static String get(TestServer server, String path) throws Exception {
        HttpResponse<String> r = server.http().send(HttpRequest.newBuilder(server.httpUri(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
