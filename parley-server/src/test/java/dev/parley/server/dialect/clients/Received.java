package dev.parley.server.dialect.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One thing a socket.io client library delivered to its application: either an event the server sent
 * ({@code lifecycle} false: its name and its arguments as the library handed them to listeners, an ack
 * function left out and noted in {@code ack}), or one of the library's own lifecycle events
 * ({@code connect}; {@code disconnect} with its reason; {@code connect_error} with its message and data;
 * 2.x's {@code error}; {@code reconnect_attempt}, {@code reconnect}, {@code reconnect_failed}).
 */
public record Received(String event, List<JsonNode> args, boolean lifecycle, boolean ack) {

    public Received {
        args = List.copyOf(args);
    }

    public static Received event(String event, List<JsonNode> args, boolean ack) {
        return new Received(event, args, false, ack);
    }

    public static Received lifecycle(String name, List<JsonNode> args) {
        return new Received(name, args, true, false);
    }

    /** The {@code i}th argument; a missing one is a test failure naming what did arrive. */
    public JsonNode arg(int i) {
        if (i >= args.size()) {
            throw new AssertionError("argument " + i + " of " + this);
        }
        return args.get(i);
    }

    /** {@code {"event":name,"args":[...]}} or {@code {"lifecycle":name,"args":[...]}} (and {@code "ack":true}). */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(lifecycle ? "lifecycle" : "event", event);
        ArrayNode array = node.putArray("args");
        args.forEach(array::add);
        if (ack) {
            node.put("ack", true);
        }
        return node;
    }

    public static Received fromJson(JsonNode node) {
        boolean lifecycle = node.has("lifecycle");
        String name = (lifecycle ? node.get("lifecycle") : node.get("event")).asText();
        List<JsonNode> args = node.has("args") ? List.copyOf(node.get("args").valueStream().toList()) : List.of();
        return new Received(name, args, lifecycle, node.path("ack").asBoolean(false));
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
