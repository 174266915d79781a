package dev.parley.turn.auth;

/**
 * Long-term credentials (RFC 8489 §9.2): the key for a username in a realm, or null when the
 * username is unknown or no longer valid (answered with 401, never with a hint which).
 */
public interface Credentials {
    byte[] key(String username, String realm);

    /** Whose allocation quota a username counts against; ephemeral names of one user share one. */
    default String quotaUser(String username) {
        return username;
    }

    /** The first of these that knows the username answers (e.g. static users beside REST credentials). */
    static Credentials anyOf(java.util.List<Credentials> all) {
        java.util.List<Credentials> copy = java.util.List.copyOf(all);
        return new Credentials() {
            @Override
            public byte[] key(String username, String realm) {
                for (Credentials c : copy) {
                    byte[] key = c.key(username, realm);
                    if (key != null) return key;
                }
                return null;
            }

            @Override
            public String quotaUser(String username) {
                for (Credentials c : copy) if (c.key(username, "") != null) return c.quotaUser(username);
                return username;
            }
        };
    }
}
