package dev.parley.server.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import dev.parley.protocol.FieldRules;
import dev.parley.protocol.ProtocolException;
import dev.parley.server.core.Access;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code token} access: the host application signs a JWT (HS256, shared secret) and the client
 * presents it in {@code hello}. Claims: {@code sub} the user id, {@code name} the name others see
 * (default: {@code sub}), {@code rooms} the rooms it may join (exact names, or prefixes ending in
 * {@code *}; absent: none), {@code call} whether it may place direct calls, {@code exp} required.
 */
public final class TokenAccess implements Access {
    /** HS256 needs a key as long as its hash: 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;
    /** Clock skew tolerated between the host application and Parley. */
    static final Duration LEEWAY = Duration.ofSeconds(30);

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
        String name = jwt.getClaim("name").isMissing() || jwt.getClaim("name").isNull() ? jwt.getSubject() : jwt.getClaim("name").asString();
        try {
            if (name != null) FieldRules.requireName(name);
        } catch (ProtocolException e) {
            throw Access.unauthorized("the name in the access token is not allowed: " + e.getMessage());
        }
        if (requestedName != null && !requestedName.equals(name)) {
            throw Access.unauthorized("hello names '" + requestedName + "' but the token is for '" + name + "'");
        }
        List<String> rooms = jwt.getClaim("rooms").isMissing() ? List.of() : jwt.getClaim("rooms").asList(String.class);
        Boolean call = jwt.getClaim("call").asBoolean();
        return new Grant(name, rooms(rooms == null ? List.of() : rooms), Boolean.TRUE.equals(call));
    }

    static Predicate<String> rooms(List<String> patterns) {
        List<String> copy = List.copyOf(patterns);
        return room -> copy.stream().anyMatch(p -> p.endsWith("*") ? room.startsWith(p.substring(0, p.length() - 1)) : room.equals(p));
    }
}
