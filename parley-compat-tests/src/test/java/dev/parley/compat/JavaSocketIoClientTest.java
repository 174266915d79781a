package dev.parley.compat;

import static dev.parley.server.dialect.clients.SocketIoClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.dialect.clients.Received;
import dev.parley.server.dialect.clients.ReferenceServer;
import dev.parley.server.dialect.clients.Seed000Scripts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The 1.x client helper against probe-server.js on socket.io 2 (and its refusal by socket.io 4). */
@Timeout(60)
class JavaSocketIoClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void connectsToSocketIo2WithTheEngineIoIdAsSocketId() throws Exception {
        try (var server = ReferenceServer.start(ReferenceServer.PROBE, "2");
             var a = JavaSocketIoClient.connect("A", server.url())) {
            String id = a.awaitConnect(WAIT);
            JsonNode probe = a.expect("probe").arg(0);
            assertThat(probe.get("id").asText()).isEqualTo(id);
            assertThat(probe.get("engineId").asText()).isEqualTo(id);
            assertThat(probe.get("query").get("EIO").asText()).isEqualTo("3");

            a.emitJson("echo", "123456", "\"123456\"", Seed000Scripts.EVERY_TYPE, "null", "[]", "1.5", "true");
            // Equal as trees: org.json (a HashMap) does not keep an object's key order, either way.
            assertThat(a.expect("echo").args()).containsExactly(JSON.readTree("123456"), JSON.readTree("\"123456\""),
                    JSON.readTree(Seed000Scripts.EVERY_TYPE), JSON.readTree("null"), JSON.readTree("[]"),
                    JSON.readTree("1.5"), JSON.readTree("true"));
            a.emit("echo", 7, "seven", Map.of("n", 7), List.of(7, "7"));
            assertThat(a.expect("echo").args()).map(JsonNode::toString)
                    .containsExactly("7", "\"seven\"", "{\"n\":7}", "[7,\"7\"]");
            a.disconnect();
            assertThat(a.expectLifecycle("disconnect", WAIT).arg(0).asText()).isEqualTo("io client disconnect");
        }
    }

    @Test
    void websocketOnlyAndQuery() {
        try (var server = ReferenceServer.start(ReferenceServer.PROBE, "2");
             var a = JavaSocketIoClient.connect("A", server.url(),
                     JSON.valueToTree(Map.of("transports", List.of("websocket"), "query", Map.of("room", "r 1"))))) {
            a.awaitConnect(WAIT);
            JsonNode probe = a.expect("probe").arg(0);
            assertThat(probe.get("transport").asText()).isEqualTo("websocket");
            assertThat(probe.get("query").get("room").asText()).isEqualTo("r 1");
            assertThat(a.transport()).isEqualTo("websocket");
        }
    }

    @Test
    void aSocketIo4ServerRefusesIt() {
        try (var server = ReferenceServer.start(ReferenceServer.PROBE, "4");
             var a = JavaSocketIoClient.connect("A", server.url(), JSON.valueToTree(Map.of("reconnection", false)))) {
            Received r = a.next(WAIT);
            assertThat(r.lifecycle()).as("%s", r).isTrue();
            assertThat(r.event()).isIn("connect_error", "error");
        }
    }
}
