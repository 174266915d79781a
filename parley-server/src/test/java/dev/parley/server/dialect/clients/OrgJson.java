package dev.parley.server.dialect.clients;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Between Jackson trees and the org.json values socket.io-client-java hands its listeners (Integer,
 * Long, Double, String, Boolean, {@link JSONObject}, {@link JSONArray}, byte[] for binary, null for
 * JSON null) and takes in {@code emit}. Both socket.io-client-java 1.x and 2.x use org.json 20090211,
 * so this class serves the 1.x client of parley-compat-tests too.
 */
public final class OrgJson {

    private OrgJson() {
    }

    /** What the library delivered, as a Jackson tree (binary as {@code {"$binary": base64}}, like client.js). */
    public static JsonNode toJackson(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null || JSONObject.NULL.equals(value)) {
            return f.nullNode();
        }
        if (value instanceof String s) {
            return f.textNode(s);
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return f.numberNode(i);
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof Double d) {
            return f.numberNode(d);
        }
        if (value instanceof Number n) {
            return f.numberNode(new java.math.BigDecimal(n.toString()));
        }
        if (value instanceof byte[] bytes) {
            return f.objectNode().put("$binary", java.util.Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof JSONObject || value instanceof JSONArray) {
            // Element by element rather than through toString(): org.json 20090211 writes doubles its own way.
            return value instanceof JSONObject o ? object(o) : array((JSONArray) value);
        }
        return f.textNode("(not JSON: " + value.getClass().getName() + " " + value + ")");
    }

    /** A Jackson tree as the org.json value an application would pass to {@code emit}. */
    public static Object fromJackson(JsonNode node) {
        try {
            return switch (node.getNodeType()) {
                case NULL, MISSING -> JSONObject.NULL;
                case STRING -> node.textValue();
                case BOOLEAN -> node.booleanValue();
                case NUMBER -> node.isInt() ? (Object) node.intValue()
                        : node.isLong() ? (Object) node.longValue() : (Object) node.doubleValue();
                case OBJECT -> new JSONObject(node.toString());
                case ARRAY -> new JSONArray(node.toString());
                case BINARY -> node.binaryValue();
                case POJO -> throw new IllegalArgumentException("no POJOs: " + node);
            };
        } catch (JSONException | java.io.IOException e) {
            throw new IllegalArgumentException("org.json refused " + node, e);
        }
    }

    /** Java values as Jackson sees them (a String stays a string), then as org.json values. */
    public static Object[] fromJava(Object... args) {
        List<Object> out = new ArrayList<>();
        for (Object arg : args) {
            out.add(fromJackson(arg instanceof JsonNode node ? node : NodeSocketIoClient.JSON.valueToTree(arg)));
        }
        return out.toArray();
    }

    /** Each argument as JSON text, then as org.json values. */
    public static Object[] fromJsonText(String... args) {
        List<Object> out = new ArrayList<>();
        for (String arg : args) {
            try {
                out.add(fromJackson(NodeSocketIoClient.JSON.readTree(arg)));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not JSON: " + arg, e);
            }
        }
        return out.toArray();
    }

    private static JsonNode object(JSONObject o) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (Iterator<?> keys = o.keys(); keys.hasNext(); ) {
            String key = (String) keys.next();
            fields.put(key, toJackson(o.opt(key)));
        }
        var node = JsonNodeFactory.instance.objectNode();
        node.setAll(fields);
        return node;
    }

    private static JsonNode array(JSONArray a) {
        var node = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < a.length(); i++) {
            node.add(toJackson(a.opt(i)));
        }
        return node;
    }
}
