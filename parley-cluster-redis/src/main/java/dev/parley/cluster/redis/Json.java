package dev.parley.cluster.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.parley.core.ParkedSession;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerFrameCodec;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The JSON this module keeps in Redis besides protocol frames: lists the scripts write with cjson, and parked backlogs. */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() { }

    /** A list of strings (cjson spells an empty one {@code {}}). */
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

    /** {@code {"sent":n,"acking":b,"dropped":d,"kept":["<frame>",...]}}, frames in their wire form. */
    static String backlog(ParkedSession.Backlog b) {
        var out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("sent", b.sent());
            g.writeBooleanField("acking", b.acking());
            g.writeNumberField("dropped", b.droppedThrough());
            g.writeArrayFieldStart("kept");
            for (ServerFrame f : b.kept()) g.writeString(ServerFrameCodec.encode(f));
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static ParkedSession.Backlog backlog(String json) {
        long sent = 0;
        long dropped = 0;
        boolean acking = false;
        List<ServerFrame> kept = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("not a backlog");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "sent" -> sent = p.getLongValue();
                    case "acking" -> acking = p.getBooleanValue();
                    case "dropped" -> dropped = p.getLongValue();
                    case "kept" -> {
                        while (p.nextToken() == JsonToken.VALUE_STRING) kept.add(ServerFrameCodec.decode(p.getText()));
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a backlog: " + e.getMessage(), e);
        }
        return new ParkedSession.Backlog(sent, acking, dropped, kept);
    }
}
