package dev.parley.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes one frame: a JSON object that starts with {@code type}. Absent (null) values are left
 * out rather than written as {@code null}, so the wire only carries what is set.
 */
final class JsonOut {
    /** UTF-8, what the wire carries; text for those who want a String is decoded from it. */
    private final ByteArrayBuilder out = new ByteArrayBuilder(256);
    private final JsonGenerator g;

    private JsonOut(String type) {
        try {
            g = JsonFields.factory().createGenerator(out, JsonEncoding.UTF8);
            g.writeStartObject();
            g.writeStringField("type", type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonOut frame(String type) {
        return new JsonOut(type);
    }

    JsonOut str(String name, String value) {
        if (value == null) return this;
        return write(() -> g.writeStringField(name, value));
    }

    JsonOut num(String name, long value) {
        return write(() -> g.writeNumberField(name, value));
    }

    JsonOut bool(String name, boolean value) {
        return write(() -> g.writeBooleanField(name, value));
    }

    JsonOut payload(String name, Payload value) {
        return write(() -> {
            g.writeFieldName(name);
            g.writeRawValue(value.json());
        });
    }

    JsonOut strings(String name, List<String> values) {
        return write(() -> {
            g.writeArrayFieldStart(name);
            for (String v : values) g.writeString(v);
            g.writeEndArray();
        });
    }

    JsonOut peer(String name, Peer peer) {
        return write(() -> {
            g.writeFieldName(name);
            writePeer(peer);
        });
    }

    JsonOut peers(String name, List<Peer> peers) {
        return write(() -> {
            g.writeArrayFieldStart(name);
            for (Peer p : peers) writePeer(p);
            g.writeEndArray();
        });
    }

    JsonOut limits(String name, Limits l) {
        return write(() -> {
            g.writeObjectFieldStart(name);
            g.writeNumberField("maxFrameBytes", l.maxFrameBytes());
            g.writeNumberField("roomCapacity", l.roomCapacity());
            g.writeNumberField("maxRoomsPerSession", l.maxRoomsPerSession());
            g.writeNumberField("callTimeoutSeconds", l.callTimeoutSeconds());
            g.writeNumberField("resumeGraceSeconds", l.resumeGraceSeconds());
            g.writeEndObject();
        });
    }

    JsonOut iceServers(String name, List<IceServer> servers) {
        return write(() -> {
            g.writeArrayFieldStart(name);
            for (IceServer s : servers) {
                g.writeStartObject();
                g.writeArrayFieldStart("urls");
                for (String u : s.urls()) g.writeString(u);
                g.writeEndArray();
                if (s.username() != null) g.writeStringField("username", s.username());
                if (s.credential() != null) g.writeStringField("credential", s.credential());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    String end() {
        return new String(endUtf8(), StandardCharsets.UTF_8);
    }

    byte[] endUtf8() {
        write(() -> {
            g.writeEndObject();
            g.close();
        });
        return out.toByteArray();
    }

    private void writePeer(Peer p) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", p.id());
        if (p.name() != null) g.writeStringField("name", p.name());
        g.writeEndObject();
    }

    private interface Write {
        void run() throws IOException;
    }

    private JsonOut write(Write w) {
        try {
            w.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return this;
    }
}
