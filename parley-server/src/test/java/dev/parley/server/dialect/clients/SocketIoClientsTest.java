package dev.parley.server.dialect.clients;

import static dev.parley.server.dialect.clients.SocketIoClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client harness itself, against probe-server.js: options reach the server, arguments of every
 * JSON type go out and come back as the libraries deliver them, ids are what each socket.io version
 * makes them, and a client's process is gone after close.
 */
@Timeout(60)
class SocketIoClientsTest {

    private static final String EVERY_TYPE = """
            {"int":1,"negative":-7,"fraction":1.5,"big":9007199254740991,"yes":true,"no":false,"nil":null,"list":[1,"1",null,false,{"x":[]}],"text":"房间 \\"quoted\\" \\\\ ✓ \\u0000","empty":{},"nested":{"a":{"b":{"c":[[]]}}}}""";

    private static JsonNode parse(String json) {
        try {
            return NodeSocketIoClient.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    @Test
    void socketIo2ClientIdIsTheEngineIoId() {
        try (var server = ReferenceServer.start(ReferenceServer.PROBE, "2");
             var a = NodeSocketIoClient.connect("A", 2, server.url())) {
            String id = a.awaitConnect(WAIT);
            JsonNode probe = a.expect("probe").arg(0);
            assertThat(probe.get("id").asText()).isEqualTo(id).isEqualTo(a.engineId());
            assertThat(probe.get("engineId").asText()).isEqualTo(id);
            assertThat(probe.get("transport").asText()).isEqualTo("polling");
            assertThat(probe.get("query").get("EIO").asText()).isEqualTo("3");
        }
    }

    @Test
    void socketIo4ClientIdIsItsOwn() {
        try (var server = ReferenceServer.start(ReferenceServer.PROBE, "4");
             var a = NodeSocketIoClient.connect("A", 4, server.url(),
                     NodeSocketIoClient.JSON.valueToTree(Map.of("transports", List.of("websocket"),
                             "query", Map.of("room", "r1"), "auth", Map.of("token", "t0k"),
                             "extraHeaders", Map.of("x-parley-test", "yes"))))) {
            String id = a.awaitConnect(WAIT);
            JsonNode probe = a.expect("probe").arg(0);
            assertThat(probe.get("id").asText()).isEqualTo(id);
            assertThat(probe.get("engineId").asText()).isEqualTo(a.engineId()).isNotEqualTo(id);
            assertThat(probe.get("transport").asText()).isEqualTo("websocket");
            assertThat(a.transport()).isEqualTo("websocket");
            assertThat(probe.get("query").get("EIO").asText()).isEqualTo("4");
            assertThat(probe.get("query").get("room").asText()).isEqualTo("r1");
            assertThat(probe.get("auth").get("token").asText()).isEqualTo("t0k");
            assertThat(probe.get("header").asText()).isEqualTo("yes");
        }
    }

    @Test
    void argumentsComeBackAsSent() {
        for (int version : new int[] {2, 4}) {
            try (var server = ReferenceServer.start(ReferenceServer.PROBE, Integer.toString(version));
                 var a = NodeSocketIoClient.connect("A", version, server.url())) {
                a.awaitConnect(WAIT);
                a.expect("probe");
                a.emitJson("echo", "123456", "\"123456\"", EVERY_TYPE, "null", "[]", "1.5", "true");
                assertThat(a.expect("echo").args()).map(JsonNode::toString).containsExactly("123456", "\"123456\"",
                        parse(EVERY_TYPE).toString(), "null", "[]", "1.5", "true");
                a.emit("echo", 7, "seven", Map.of("n", 7), List.of(7, "7"));
                assertThat(a.expect("echo").args()).map(JsonNode::toString)
                        .containsExactly("7", "\"seven\"", "{\"n\":7}", "[7,\"7\"]");
            }
        }
    }

    @Test
    void javaClientArgumentsComeBackAsSent() {
        try (var server = ReferenceServer.start(ReferenceServer.PROBE, "4");
             var a = JavaSocketIoClient.connect("A", server.url())) {
            String id = a.awaitConnect(WAIT);
            assertThat(a.expect("probe").arg(0).get("id").asText()).isEqualTo(id);
            a.emitJson("echo", "123456", "\"123456\"", EVERY_TYPE, "null", "[]", "1.5", "true");
            // Equal as trees: org.json (a HashMap) does not keep an object's key order, either way.
            assertThat(a.expect("echo").args()).containsExactly(parse("123456"), parse("\"123456\""),
                    parse(EVERY_TYPE), parse("null"), parse("[]"),
                    parse("1.5"), parse("true"));
            a.emit("echo", 7, "seven", Map.of("n", 7), List.of(7, "7"));
            assertThat(a.expect("echo").args()).map(JsonNode::toString)
                    .containsExactly("7", "\"seven\"", "{\"n\":7}", "[7,\"7\"]");
            a.disconnect();
            assertThat(a.expectLifecycle("disconnect", WAIT).arg(0).asText()).isEqualTo("io client disconnect");
        }
    }

    @Test
    void theJava2ClientCannotReachASocketIo2Server() {
        try (var server = ReferenceServer.start(ReferenceServer.PROBE, "2");
             var a = JavaSocketIoClient.connect("A", server.url(),
                     NodeSocketIoClient.JSON.valueToTree(Map.of("reconnection", false)))) {
            Received error = a.expectLifecycle("connect_error", WAIT);
            assertThat(error.arg(0).asText()).isNotEmpty();
        }
    }

    @Test
    void closeStopsTheProcessAndABadCommandIsReported() {
        try (var server = ReferenceServer.start(ReferenceServer.PROBE, "4")) {
            var a = NodeSocketIoClient.connect("A", 4, server.url());
            a.awaitConnect(WAIT);
            a.emitJson("echo", "1");
            a.expect("probe");
            a.expect("echo");
            ProcessHandle handle = ProcessHandle.of(a.pid()).orElseThrow();
            a.close();
            assertThat(handle.isAlive()).isFalse();

            var b = NodeSocketIoClient.connect("B", 4, server.url());
            try (b) {
                b.awaitConnect(WAIT);
                b.expect("probe");
                b.emit("connect"); // a reserved name: the library refuses it, the client carries on
                assertThatThrownBy(() -> b.next(Duration.ofSeconds(2))).hasMessageContaining("refused");
            }
        }
    }
}
