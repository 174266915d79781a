package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cluster.redis.Scripts.Script;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What waits in Redis for a session set aside is bounded like a node's own backlog, in messages and
 * in bytes: past either, nothing more is kept and the session can only be ended when taken over.
 * Session a sits with b in room r; b is set aside; a relays.
 */
class ParkedBoundsTest {
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private final LettuceClients clients = new LettuceClients();
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> r;

    @BeforeEach
    void setAside() {
        redis.process().flushAll();
        connection = clients.create(redis.process().uri(), ClientOptions.create()).connect();
        r = connection.sync();
        for (String s : List.of("a", "b")) {
            Scripts.number(r, Script.REGISTER, s, "n1", "", "");
            Scripts.list(r, Script.JOIN, "r", s, "8", "joined " + s);
        }
        assertThat(Scripts.number(r, Script.PARK, "b", "n1", "0-0", "{}", "60000")).isEqualTo(1);
    }

    @AfterEach
    void close() {
        connection.close();
        clients.close();
    }

    private void relay(String message) {
        Scripts.number(r, Script.OTHERS, "r", "a", message);
    }

    @Test
    void aSessionSetAsideKeepsAtMostAMebibyteOfMessages() {
        String big = "x".repeat(300 * 1024);
        for (int i = 0; i < 3; i++) relay(big);
        assertThat(r.llen("{parley}:p:b")).isEqualTo(3);
        assertThat(r.hget("{parley}:s:b", "lost")).isNull();
        relay(big); // 1.2 MiB
        assertThat(r.exists("{parley}:p:b")).as("nothing more is kept").isZero();
        assertThat(r.hget("{parley}:s:b", "lost")).isEqualTo("1");
        relay(big);
        assertThat(r.exists("{parley}:p:b")).as("nor after").isZero();
        assertThat((String) Scripts.list(r, Script.UNPARK, "b", "n2").get(1)).as("taken with no backlog: to be ended").isEmpty();
    }

    @Test
    void aSessionSetAsideKeepsAtMost512Messages() {
        for (int i = 0; i < 512; i++) relay("m" + i);
        assertThat(r.llen("{parley}:p:b")).isEqualTo(512);
        relay("one too many");
        assertThat(r.exists("{parley}:p:b")).isZero();
        assertThat(r.hget("{parley}:s:b", "lost")).isEqualTo("1");
    }
}
