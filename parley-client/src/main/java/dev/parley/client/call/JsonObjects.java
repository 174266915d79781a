package dev.parley.client.call;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small JSON objects peers send each other (payloads and data-channel messages), read into
 * maps and written from them. Nesting is kept to what the conventions use; anything a peer sends
 * that does not parse is {@code null}, which every caller ignores.
 */
final class JsonObjects {
    /** Deeper than any convention needs; a hostile peer cannot make parsing expensive. */
    private static final int MAX_DEPTH = 4;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
            .build();

    private JsonObjects() {}

    /** The object {@code json} holds, or null if it is not one. */
    static Map<String, Object> parse(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            Map<String, Object> object = readObject(p, 1);
            return p.nextToken() == null ? object : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String write(Map<String, ?> object) {
        var out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeValue(g, object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static String string(Map<String, ?> object, String field) {
        return object.get(field) instanceof String s ? s : null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, ?> object, String field) {
        return object.get(field) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static Map<String, Object> readObject(JsonParser p, int depth) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            object.put(name, readValue(p, p.nextToken(), depth));
        }
        return object;
    }

    private static Object readValue(JsonParser p, JsonToken t, int depth) throws IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> {
                if (depth >= MAX_DEPTH) throw new IOException("too deep");
                yield readObject(p, depth + 1);
            }
            case START_ARRAY -> {
                p.skipChildren(); // no convention sends arrays
                yield null;
            }
            default -> throw new IOException("unexpected " + t);
        };
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(d);
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (var e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            default -> throw new IllegalArgumentException("cannot write " + value.getClass());
        }
    }
}
