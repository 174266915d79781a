package dev.parley.server.dialect.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One thing a test makes a client do, as written in a transcript:
 * <pre>
 * {"client":"A","connect":"sio2","options":{}}       a new client of that kind connects (options as io(url, options))
 * {"client":"A","emit":"join","args":[123456]}
 * {"client":"A","disconnect":true}                    socket.disconnect(), as the app calls it
 * {"client":"A","drop":true}                          the client vanishes (process killed; Node clients only)
 * </pre>
 */
public sealed interface Action {

    String client();

    ObjectNode toJson();

    record Connect(String client, String kind, JsonNode options) implements Action {
        @Override
        public ObjectNode toJson() {
            ObjectNode node = base(client).put("connect", kind);
            node.set("options", options == null ? JsonNodeFactory.instance.objectNode() : options);
            return node;
        }
    }

    record Emit(String client, String event, List<JsonNode> args) implements Action {
        public Emit {
            args = List.copyOf(args);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = base(client).put("emit", event);
            var array = node.putArray("args");
            args.forEach(array::add);
            return node;
        }
    }

    record Disconnect(String client) implements Action {
        @Override
        public ObjectNode toJson() {
            return base(client).put("disconnect", true);
        }
    }

    record Drop(String client) implements Action {
        @Override
        public ObjectNode toJson() {
            return base(client).put("drop", true);
        }
    }

    static Action connect(String client, String kind) {
        return new Connect(client, kind, JsonNodeFactory.instance.objectNode());
    }

    static Action connect(String client, String kind, JsonNode options) {
        return new Connect(client, kind, options);
    }

    /** Arguments as Java values (a String is a string; a Jackson node is taken as is). */
    static Action emit(String client, String event, Object... args) {
        List<JsonNode> nodes = new ArrayList<>();
        for (Object arg : args) {
            nodes.add(arg instanceof JsonNode n ? n : NodeSocketIoClient.JSON.valueToTree(arg));
        }
        return new Emit(client, event, nodes);
    }

    /** Each argument as JSON text. */
    static Action emitJson(String client, String event, String... jsonArgs) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String arg : jsonArgs) {
            nodes.add(Transcript.parse(arg));
        }
        return new Emit(client, event, nodes);
    }

    static Action disconnect(String client) {
        return new Disconnect(client);
    }

    static Action drop(String client) {
        return new Drop(client);
    }

    static Action fromJson(JsonNode node) {
        String client = node.get("client").asText();
        if (node.has("connect")) {
            return new Connect(client, node.get("connect").asText(), node.get("options"));
        }
        if (node.has("emit")) {
            List<JsonNode> args = new ArrayList<>();
            node.path("args").forEach(args::add);
            return new Emit(client, node.get("emit").asText(), args);
        }
        if (node.has("disconnect")) {
            return new Disconnect(client);
        }
        if (node.has("drop")) {
            return new Drop(client);
        }
        throw new IllegalArgumentException("not an action: " + node);
    }

    private static ObjectNode base(String client) {
        return JsonNodeFactory.instance.objectNode().put("client", client);
    }
}
