package dev.parley.server.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import dev.parley.protocol.FieldRules;
import dev.parley.protocol.ProtocolException;
import dev.parley.core.Access;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code token} access: the host application signs a JWT (HS256, shared secret) and the client
 * presents it in {@code hello}. Claims: {@code sub} the user id, {@code name} the name others see
 * (default: {@code sub}), {@code rooms} the rooms it may join (exact names, or prefixes ending in
 * {@code *}; absent: none), {@code call} whether it may place direct calls, {@code exp} required.
 * Each claim must have its type (a string, a list of strings, a boolean) and appear once; a token
 * that breaks this is refused ({@code unauthorized}, saying which claim) rather than half-read.
 */
public final class TokenAccess implements Access {
    /** HS256 needs a key as long as its hash: 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;
    /** Clock skew tolerated between the host application and Parley. */
    static final Duration LEEWAY = Duration.ofSeconds(30);

    private static final JsonFactory STRICT_JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Clock clock;

    public TokenAccess(String secret, Clock clock) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the token secret needs at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.algorithm = Algorithm.HMAC256(secret);
        this.clock = clock;
        // BaseVerification.build(Clock) is public API for exactly this: tests move time.
        this.verifier = ((com.auth0.jwt.JWTVerifier.BaseVerification) JWT.require(algorithm).acceptLeeway(LEEWAY.toSeconds())).build(clock);
    }

    /** What a token grants. */
    public record Claims(String user, String name, List<String> rooms, boolean call, Duration ttl) {}

    public String mint(Claims c) {
        Instant now = clock.instant();
        return JWT.create().withSubject(c.user()).withClaim("name", c.name()).withClaim("rooms", c.rooms())
                .withClaim("call", c.call()).withIssuedAt(now).withExpiresAt(now.plus(c.ttl())).sign(algorithm);
    }

    @Override
    public Grant admit(String requestedName, String token) {
        if (token == null) throw Access.unauthorized("this server needs an access token in hello");
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (JWTVerificationException e) {
            throw Access.unauthorized("the access token is not valid: " + e.getMessage());
        }
        if (jwt.getExpiresAt() == null) throw Access.unauthorized("the access token has no expiry");
        requireNoDuplicateKeys(jwt.getPayload());
        String subject = optionalString(jwt, "sub");
        String name = present(jwt.getClaim("name")) ? optionalString(jwt, "name") : subject;
        try {
            if (name != null) FieldRules.requireName(name);
        } catch (ProtocolException e) {
            throw Access.unauthorized("the name in the access token is not allowed: " + e.getMessage());
        }
        if (requestedName != null && !requestedName.equals(name)) {
            throw Access.unauthorized("hello names '" + requestedName + "' but the token is for '" + name + "'");
        }
        return new Grant(name, rooms(roomPatterns(jwt.getClaim("rooms"))), mayCall(jwt.getClaim("call")));
    }

    /*
     * Claims are read strictly: a claim of the wrong type is refused rather than read as absent, so
     * a host application's mistake (a number for a name, a null room) shows at once instead of
     * quietly granting something else.
     */

    private static boolean present(Claim claim) {
        return !claim.isMissing() && !claim.isNull();
    }

    /** A string claim, or null when absent. */
    private static String optionalString(DecodedJWT jwt, String key) {
        Claim claim = jwt.getClaim(key);
        if (!present(claim)) return null;
        String value = claim.asString();
        if (value == null) throw Access.unauthorized("the access token's '" + key + "' claim must be a string");
        return value;
    }

    private static List<String> roomPatterns(Claim claim) {
        if (!present(claim)) return List.of();
        List<Object> items;
        try {
            items = claim.asList(Object.class);
        } catch (JWTDecodeException e) {
            items = null;
        }
        if (items == null || items.stream().anyMatch(r -> !(r instanceof String s) || s.isEmpty())) {
            throw Access.unauthorized("the access token's 'rooms' claim must be a list of room names (strings)");
        }
        return items.stream().map(String.class::cast).toList();
    }

    private static boolean mayCall(Claim claim) {
        if (!present(claim)) return false;
        Boolean call = claim.asBoolean();
        if (call == null) throw Access.unauthorized("the access token's 'call' claim must be true or false");
        return call;
    }

    /**
     * java-jwt keeps the last of two equal keys; a token with two {@code name}s (or two of anything)
     * means different things to different parsers, so it is refused. Checked on the payload the
     * signature covered, after the signature.
     */
    private static void requireNoDuplicateKeys(String payloadBase64Url) {
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(payloadBase64Url);
        } catch (IllegalArgumentException e) {
            throw Access.unauthorized("the access token's payload is not base64url");
        }
        try (JsonParser parser = STRICT_JSON.createParser(json)) {
            while (parser.nextToken() != null) {
                // reading every token is what detects a repeated key, at any depth
            }
        } catch (StreamReadException e) {
            throw Access.unauthorized("the access token's payload is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Predicate<String> rooms(List<String> patterns) {
        List<String> copy = List.copyOf(patterns);
        return room -> copy.stream().anyMatch(p -> p.endsWith("*") ? room.startsWith(p.substring(0, p.length() - 1)) : room.equals(p));
    }
}
