package dev.parley.server.net;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.parley.server.turn.TurnIceServers;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The JSON of {@code GET /api/ice}, and the TURN user names it mints for. */
final class IceJson {
    private static final JsonFactory JSON = new JsonFactory();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private IceJson() {}

    /** Open access: a fresh unguessable name per request, so each grant has a quota of its own that nobody else can name. */
    static String openUser() {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return "api-" + HEX.formatHex(id);
    }

    /**
     * Token access: one name per token holder (the token's name, else the token itself), so all the
     * holder's grants share one quota; hashed, since a name may hold characters a TURN user name may not.
     */
    static String tokenUser(String name, String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((name != null ? "name:" + name : "token:" + token).getBytes(StandardCharsets.UTF_8));
            return "tok-" + HEX.formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
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
