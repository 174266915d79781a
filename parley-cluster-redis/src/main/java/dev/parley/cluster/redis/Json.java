package dev.parley.cluster.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the JSON the scripts write with cjson (which spells an empty list {@code {}}). */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() { }

    static List<String> strings(String json) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken start = p.nextToken();
            if (start == JsonToken.START_OBJECT) return out;
            if (start != JsonToken.START_ARRAY) throw new IllegalArgumentException("not a list: " + json);
            while (p.nextToken() == JsonToken.VALUE_STRING) out.add(p.getText());
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a list of strings: " + json, e);
        }
    }
}
