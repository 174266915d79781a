package dev.parley.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The top-level fields of one JSON object, read in a single streaming pass. Strings are kept as
 * their value; every other value is kept as its exact JSON text, which is what lets a relayed
 * {@link Payload} go out again without being re-encoded. Typed getters turn a missing or
 * mistyped field into a {@link ProtocolException} that names the field.
 */
final class JsonFields {
    /** Deeper nesting than this is refused; no SDP or ICE payload comes close. */
    static final int MAX_NESTING_DEPTH = 32;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    /** A field's value: the string itself for strings, the exact JSON text for anything else. */
    private record Value(JsonToken kind, String text) {}

    private final Map<String, Value> fields;

    private JsonFields(Map<String, Value> fields) {
        this.fields = fields;
    }

    static JsonFactory factory() {
        return FACTORY;
    }

    /** Reads text that must be exactly one JSON object. */
    static JsonFields parseObject(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return readObject(p, Source.of(json));
        } catch (JsonProcessingException e) {
            throw badJson("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads UTF-8 that must be exactly one JSON object. Parsing the bytes as they came off the wire
     * spares decoding the whole frame to a String first; only the values kept are decoded.
     */
    static JsonFields parseObject(byte[] utf8, int offset, int length) {
        requireUtf8Start(utf8, offset, length);
        try (JsonParser p = FACTORY.createParser(utf8, offset, length)) {
            return readObject(p, Source.of(utf8, offset));
        } catch (JsonProcessingException e) {
            throw badJson("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Jackson guesses a byte source's encoding from its first four bytes (a BOM, or NULs as in
     * UTF-16 and UTF-32). None of those can start a JSON object in UTF-8, so refusing them here
     * leaves UTF-8 the only reading, the same as the text decoder's.
     */
    private static void requireUtf8Start(byte[] b, int offset, int length) {
        for (int i = offset; i < offset + Math.min(4, length); i++) {
            if (b[i] == 0 || b[i] == (byte) 0xFE || b[i] == (byte) 0xFF) throw badJson("a frame must be one JSON object");
        }
        if (length >= 3 && b[offset] == (byte) 0xEF && b[offset + 1] == (byte) 0xBB && b[offset + 2] == (byte) 0xBF) {
            throw badJson("a frame must be one JSON object (no byte order mark)");
        }
    }

    private static JsonFields readObject(JsonParser p, Source source) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) throw badJson("a frame must be one JSON object");
        Map<String, Value> fields = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            fields.put(name, readValue(p, source));
        }
        requireEnd(p);
        return new JsonFields(fields);
    }

    /** The text a parser reads, so a container value can be cut out of it verbatim. */
    private interface Source {
        /** Where the parser's current token starts, in this source's units. */
        long start(JsonParser p);

        String slice(long start, long end);

        static Source of(String text) {
            return new Source() {
                public long start(JsonParser p) {
                    return p.currentTokenLocation().getCharOffset();
                }

                public String slice(long start, long end) {
                    return text.substring((int) start, (int) end);
                }
            };
        }

        /** Byte offsets count from the start of the parsed range, not of the array. */
        static Source of(byte[] utf8, int offset) {
            return new Source() {
                public long start(JsonParser p) {
                    return p.currentTokenLocation().getByteOffset();
                }

                public String slice(long start, long end) {
                    return new String(utf8, offset + (int) start, (int) (end - start), StandardCharsets.UTF_8);
                }
            };
        }
    }

    /** Reads text that must be exactly one JSON value of any kind. */
    static Payload parseValue(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() == null) throw badJson("empty payload");
            Value v = readValue(p, Source.of(json));
            requireEnd(p);
            return new Payload(v.kind == JsonToken.VALUE_STRING ? quote(v.text) : v.text);
        } catch (JsonProcessingException e) {
            throw badJson("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean has(String name) {
        Value v = fields.get(name);
        return v != null && v.kind != JsonToken.VALUE_NULL;
    }

    /** A string field, or {@code null} when absent or JSON {@code null}. */
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

    /** Any JSON value but {@code null}, kept verbatim. */
    Payload payload(String name) {
        Value v = present(name);
        if (v == null) throw missing(name);
        return new Payload(v.kind == JsonToken.VALUE_STRING ? quote(v.text) : v.text);
    }

    int integer(String name) {
        Value v = present(name);
        if (v == null) throw missing(name);
        if (v.kind != JsonToken.VALUE_NUMBER_INT) throw wrongType(name, "an integer");
        try {
            return Integer.parseInt(v.text);
        } catch (NumberFormatException e) {
            throw wrongType(name, "an integer in 32-bit range");
        }
    }

    boolean bool(String name, boolean absent) {
        Value v = present(name);
        if (v == null) return absent;
        return switch (v.kind) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            default -> throw wrongType(name, "true or false");
        };
    }

    JsonFields object(String name) {
        Value v = present(name);
        if (v == null) throw missing(name);
        if (v.kind != JsonToken.START_OBJECT) throw wrongType(name, "an object");
        return parseObject(v.text);
    }

    /** Elements of an array field as raw JSON texts; an absent field is an empty array. */
    private List<String> arrayElements(String name, JsonToken elementKind, String expected) {
        Value v = present(name);
        if (v == null) return List.of();
        if (v.kind != JsonToken.START_ARRAY) throw wrongType(name, "an array");
        List<String> out = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(v.text)) {
            p.nextToken();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() != elementKind) throw wrongType(name, expected);
                out.add(readValue(p, Source.of(v.text)).text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the text was parsed once already
        }
        return out;
    }

    List<String> strings(String name) {
        return arrayElements(name, JsonToken.VALUE_STRING, "an array of strings");
    }

    List<JsonFields> objects(String name) {
        return arrayElements(name, JsonToken.START_OBJECT, "an array of objects").stream()
                .map(JsonFields::parseObject).collect(java.util.stream.Collectors.collectingAndThen(
                        java.util.stream.Collectors.toList(), java.util.Collections::unmodifiableList)); // not toList(): Android has it from API 34
    }

    private Value present(String name) {
        Value v = fields.get(name);
        return v == null || v.kind == JsonToken.VALUE_NULL ? null : v;
    }

    /** Reads the value at the parser's current token; containers are captured as their exact text. */
    private static Value readValue(JsonParser p, Source source) throws IOException {
        JsonToken t = p.currentToken() == JsonToken.FIELD_NAME ? p.nextToken() : p.currentToken();
        return switch (t) {
            case START_OBJECT, START_ARRAY -> {
                long start = source.start(p);
                p.skipChildren();
                long end = source.start(p) + 1; // the closing bracket is one byte (or char)
                yield new Value(t, source.slice(start, end));
            }
            case VALUE_STRING -> new Value(t, p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Value(t, p.getText());
            case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> new Value(t, t.asString());
            default -> throw badJson("unexpected " + t);
        };
    }

    private static void requireEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) throw badJson("text after the end of the JSON value");
    }

    private static String quote(String s) {
        var out = new java.io.StringWriter(s.length() + 2);
        try (var g = FACTORY.createGenerator(out)) {
            g.writeString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static ProtocolException badJson(String message) {
        return new ProtocolException(ErrorCode.BAD_JSON, message);
    }

    private static ProtocolException missing(String name) {
        return new ProtocolException(ErrorCode.MISSING_FIELD, "'" + name + "' is required");
    }

    private static ProtocolException wrongType(String name, String expected) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, "'" + name + "' must be " + expected);
    }
}
