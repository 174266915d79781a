package dev.parley.turn.auth;

import dev.parley.turn.stun.LongTermKey;
import java.util.Map;

/** Fixed users and passwords, as coturn's {@code user=name:password}. */
public final class StaticUsers implements Credentials {
    /** Static users' quotas are their own: a REST name of the same spelling cannot use them up. */
    public static final String QUOTA_PREFIX = "user:";

    private final Map<String, String> passwords;

    public StaticUsers(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    @Override
    public byte[] key(String username, String realm) {
        String password = passwords.get(username);
        return password == null ? null : LongTermKey.md5(username, realm, password);
    }

    @Override
    public String quotaUser(String username) {
        return QUOTA_PREFIX + username;
    }
}
