package dev.parley.server.dialect.clients;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * socket.io-client 2.x (Engine.IO 3, what seed 000's page loads) or 4.x (Engine.IO 4, seed 002's
 * {@code SignalServer}) from the lockfile, in a {@code node client.js} process of its own, driven over
 * stdin/stdout with JSON lines (client.js documents them). One process, one socket, one connect.
 *
 * <pre>{@code
 * try (var a = NodeSocketIoClient.connect("A", 2, url)) {
 *     a.awaitConnect(WAIT);
 *     a.emit("join", 123456);
 *     Received joined = a.expect("joined");   // joined.args(): [123456, "<A's socket.id>"]
 * }
 * }</pre>
 */
public final class NodeSocketIoClient extends RecordingClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final NodeProcess process;
    private volatile String engineId;

    private NodeSocketIoClient(String label, int version, URI url, JsonNode options) {
        super(label, "sio" + version);
        if (version != 2 && version != 4) {
            throw new IllegalArgumentException("socket.io-client version 2 or 4, not " + version);
        }
        this.process = NodeProcess.start("sio" + version + "-" + label, "client.js", List.of(), this::onLine);
        ObjectNode connect = JSON.createObjectNode();
        connect.put("cmd", "connect");
        connect.put("version", version);
        connect.put("url", url.toString());
        connect.set("options", options == null ? JSON.createObjectNode() : options);
        command(connect);
    }

    /** Starts a client and connects it with the library's default options (as {@code io(url)}). */
    public static NodeSocketIoClient connect(String label, int version, URI url) {
        return new NodeSocketIoClient(label, version, url, null);
    }

    /**
     * Starts a client and connects it as {@code io(url, options)}: e.g. {@code {"transports":["websocket"]}},
     * {@code {"query":{"a":"b"}}}, {@code {"auth":{"token":"t"}}} (4.x), {@code {"extraHeaders":{...}}}.
     */
    public static NodeSocketIoClient connect(String label, int version, URI url, JsonNode options) {
        return new NodeSocketIoClient(label, version, url, options);
    }

    /** The Engine.IO session id (under socket.io 2 also the socket.id; under 3+ a different one). */
    @Override
    public String engineId() {
        return engineId;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void emit(String event, Object... args) {
        List<JsonNode> nodes = new ArrayList<>();
        for (Object arg : args) {
            nodes.add(arg instanceof JsonNode node ? node : JSON.valueToTree(arg));
        }
        emitNodes(event, nodes);
    }

    @Override
    public void emitJson(String event, String... jsonArgs) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String arg : jsonArgs) {
            try {
                nodes.add(JSON.readTree(arg));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not JSON: " + arg, e);
            }
        }
        emitNodes(event, nodes);
    }

    private void emitNodes(String event, List<JsonNode> args) {
        ObjectNode emit = JSON.createObjectNode();
        emit.put("cmd", "emit");
        emit.put("event", event);
        ArrayNode array = emit.putArray("args");
        args.forEach(array::add);
        command(emit);
    }

    @Override
    public void disconnect() {
        command(JSON.createObjectNode().put("cmd", "disconnect"));
    }

    /** SIGKILL: the TCP connections close with no Engine.IO or Socket.IO goodbye. */
    @Override
    public void drop() {
        process.kill();
    }

    @Override
    public String diagnostics() {
        return "\n" + process.log();
    }

    @Override
    public void close() {
        process.close();
    }

    private void command(JsonNode command) {
        if (!process.send(command.toString())) {
            throw new AssertionError(this + " is gone; could not send " + command + diagnostics());
        }
    }

    /** Runs on the process's stdout reader thread, one line at a time, in order. */
    private boolean onLine(String line) {
        JsonNode message;
        try {
            message = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return false;
        }
        if (message == null || !message.isObject()) {
            return false;
        }
        String type = message.path("type").asText();
        switch (type) {
            case "event" -> record(Received.event(message.path("event").asText(), args(message.path("args")),
                    message.path("ack").asBoolean(false)));
            case "connect" -> {
                id = message.path("id").asText(null);
                engineId = message.path("engineId").asText(null);
                transport = message.path("transport").asText(null);
                record(Received.lifecycle("connect", List.of()));
            }
            case "disconnect" -> {
                id = null;
                record(Received.lifecycle("disconnect", List.of(message.path("reason"))));
            }
            case "connect_error" -> record(Received.lifecycle("connect_error",
                    List.of(message.path("message"), message.path("data"))));
            case "error", "reconnect_attempt", "reconnect", "reconnect_failed" -> record(Received.lifecycle(type,
                    type.equals("error") ? List.of(message.path("data")) : args(message.path("args"))));
            case "open" -> {
                engineId = message.path("engineId").asText(null);
                transport = message.path("transport").asText(null);
            }
            case "upgrade" -> transport = message.path("transport").asText(null);
            case "ready" -> {
                // the process is up; nothing to do
            }
            case "failure" -> fail("client.js refused a command: " + message.path("message").asText());
            default -> {
                return false;
            }
        }
        return true;
    }

    private static List<JsonNode> args(JsonNode array) {
        List<JsonNode> args = new ArrayList<>();
        array.forEach(args::add);
        return args;
    }
}
