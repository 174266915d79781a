package dev.parley.server.net;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.parley.server.turn.TurnIceServers;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/** The JSON of {@code GET /api/ice}. */
final class IceJson {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private IceJson() {}

    static boolean validUser(String user) {
        return USER.matcher(user).matches();
    }

    static String grant(TurnIceServers.Grant g) {
        StringWriter out = new StringWriter();
        try (JsonGenerator j = JSON.createGenerator(out)) {
            j.writeStartObject();
            j.writeStringField("username", g.username());
            j.writeStringField("password", g.password());
            j.writeNumberField("ttl", g.ttl());
            j.writeArrayFieldStart("uris");
            for (String uri : g.uris()) j.writeString(uri);
            j.writeEndArray();
            j.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
