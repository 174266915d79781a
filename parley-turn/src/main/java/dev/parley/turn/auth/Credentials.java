package dev.parley.turn.auth;

/**
 * Long-term credentials (RFC 8489 §9.2): the key for a username in a realm, or null when the
 * username is unknown or no longer valid (answered with 401, never with a hint which).
 */
public interface Credentials {
    byte[] key(String username, String realm);
}
