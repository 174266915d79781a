package dev.parley.cluster.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Lua scripts that make each shared step atomic (one file each beside this class, with
 * {@code prelude.lua} in front, and the helpers a script names after it). Run by digest; a Redis that forgot them (restarted, SCRIPT FLUSH)
 * is sent the text again.
 */
final class Scripts {
    enum Script {
        REGISTER, UNREGISTER, JOIN, LEAVE, OTHERS, TO, CLAIM, RELEASE, FIND, PARK, UNPARK, ORPHAN, EXPIRE, BEAT,
        // Direct calls (RedisSwitchboard), with calls.lua's helpers in front too.
        RING("calls"), ACCEPT("calls"), REJECT("calls"), HANGUP("calls"), CALL_SIGNAL("calls"), RING_TIMEOUT("calls"),
        PARTY_GONE("calls"), PARTY_AWAY("calls");

        private final String text;
        private final String sha;

        Script(String... helpers) {
            StringBuilder text = new StringBuilder(load("prelude"));
            for (String helper : helpers) text.append('\n').append(load(helper));
            this.text = text.append('\n').append(load(name().toLowerCase(java.util.Locale.ROOT))).toString();
            this.sha = sha1(this.text);
        }
    }

    /** Every script names one key, only so that a Redis Cluster client sends it to the slot all keys share. */
    private static final String[] ROUTE = {Keys.NODES};

    private Scripts() { }

    static long number(RedisCommands<String, String> redis, Script script, String... args) {
        return run(redis, script, ScriptOutputType.INTEGER, args);
    }

    /** A script that answers with a word (a status of its own, say). */
    static String word(RedisCommands<String, String> redis, Script script, String... args) {
        return run(redis, script, ScriptOutputType.VALUE, args);
    }

    static List<Object> list(RedisCommands<String, String> redis, Script script, String... args) {
        return run(redis, script, ScriptOutputType.MULTI, args);
    }

    private static <T> T run(RedisCommands<String, String> redis, Script script, ScriptOutputType type, String... args) {
        try {
            return redis.evalsha(script.sha, type, ROUTE, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(script.text, type, ROUTE, args);
        }
    }

    /** The text of {@code name}.lua beside this class. */
    static String load(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream(name + ".lua")) {
            if (in == null) throw new IllegalStateException("missing script " + name + ".lua");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
