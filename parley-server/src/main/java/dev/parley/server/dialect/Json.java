package dev.parley.server.dialect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parley.protocol.Payload;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The little JSON the dialects read and write: a seed's arguments are looked into only as far as
 * the translation needs (a room id, a field), and what is relayed stays the sender's exact text.
 */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private Json() {}

    /** A payload's value as a tree; payloads are well-formed JSON already. */
    static JsonNode tree(Payload p) {
        try {
            return MAPPER.readTree(p.json());
        } catch (IOException e) {
            throw new UncheckedIOException("a payload is well-formed JSON", e);
        }
    }

    static Payload string(String s) {
        return new Payload(quote(s));
    }

    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /**
     * Parley's answer to something a seed client sent that it could not carry, as the argument of a
     * {@code parley-error} event: {@code {code, message, request}}, the request being the event's name.
     */
    static Payload error(dev.parley.protocol.ServerMessage.ErrorReply e) {
        return e.request() == null ? object("code", e.code().wire(), "message", e.message())
                : object("code", e.code().wire(), "message", e.message(), "request", e.request());
    }

    /**
     * An object from alternating names and values: a {@link Payload} goes in as its own text, a
     * {@link Number} or {@link Boolean} as itself, anything else as a string. Names are plain ASCII.
     */
    static Payload object(Object... namesAndValues) {
        var out = new StringBuilder("{");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) out.append(',');
            out.append('"').append(namesAndValues[i]).append("\":");
            Object value = namesAndValues[i + 1];
            out.append(switch (value) {
                case Payload p -> p.json();
                case Number n -> n.toString();
                case Boolean b -> b.toString();
                default -> quote(String.valueOf(value));
            });
        }
        return new Payload(out.append('}').toString());
    }
}
