package dev.parley.server.dialect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The top-level fields of one JSON object from a dialect client, read as strictly as Parley's own
 * frames (duplicate keys, trailing text and nesting over 32 levels are {@code bad-json}): strings
 * by value, objects by their exact text to be read again. Typed getters turn a missing or mistyped
 * field into a {@link ProtocolException} naming it; a JSON {@code null} counts as absent.
 */
final class FlatJson {
    static final int MAX_NESTING_DEPTH = 32;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    private record Value(JsonToken kind, String text) {}

    private final Map<String, Value> fields;

    private FlatJson(Map<String, Value> fields) {
        this.fields = fields;
    }

    /** Reads text that must be exactly one JSON object. */
    static FlatJson parse(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw badJson("a message must be one JSON object");
            Map<String, Value> fields = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                fields.put(name, switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        int start = (int) p.currentTokenLocation().getCharOffset();
                        p.skipChildren();
                        yield new Value(t, json.substring(start, (int) p.currentTokenLocation().getCharOffset() + 1));
                    }
                    default -> new Value(t, p.getText());
                });
            }
            if (p.nextToken() != null) throw badJson("text after the end of the JSON object");
            return new FlatJson(fields);
        } catch (JsonProcessingException e) {
            throw badJson("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Value present(String name) {
        Value v = fields.get(name);
        return v == null || v.kind == JsonToken.VALUE_NULL ? null : v;
    }

    /** A string field, or null when absent. */
    String optionalString(String name) {
        Value v = present(name);
        if (v == null) return null;
        if (v.kind != JsonToken.VALUE_STRING) throw wrongType(name, "a string");
        return v.text;
    }

    String string(String name) {
        String s = optionalString(name);
        if (s == null) throw missing(name);
        return s;
    }

    /** An integer field in {@code [0, max]}, or null when absent. */
    Integer optionalIndex(String name, int max) {
        Value v = present(name);
        if (v == null) return null;
        if (v.kind != JsonToken.VALUE_NUMBER_INT) throw wrongType(name, "an integer");
        try {
            int n = Integer.parseInt(v.text);
            if (n >= 0 && n <= max) return n;
        } catch (NumberFormatException e) {
            // out of int range: as out of bounds
        }
        throw wrongType(name, "an integer from 0 to " + max);
    }

    /** An object field, read; null when absent. */
    FlatJson optionalObject(String name) {
        Value v = present(name);
        if (v == null) return null;
        if (v.kind != JsonToken.START_OBJECT) throw wrongType(name, "an object");
        return parse(v.text);
    }

    FlatJson object(String name) {
        FlatJson o = optionalObject(name);
        if (o == null) throw missing(name);
        return o;
    }

    /** Whether the field holds a string (not absent, not another kind). */
    boolean isString(String name) {
        Value v = present(name);
        return v != null && v.kind == JsonToken.VALUE_STRING;
    }

    static ProtocolException badJson(String message) {
        return new ProtocolException(ErrorCode.BAD_JSON, message);
    }

    static ProtocolException missing(String name) {
        return new ProtocolException(ErrorCode.MISSING_FIELD, "'" + name + "' is required");
    }

    static ProtocolException wrongType(String name, String expected) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, "'" + name + "' must be " + expected);
    }
}
