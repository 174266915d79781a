package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The first node's secrets are every node's: a resume token or TURN credential from one node is good on the next. */
class SharedSecretsTest {
    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void laterNodesAdoptTheFirstNodesSecretUnlessTheirsWasGivenExplicitly() throws Exception {
        try (RedisCluster a = RedisCluster.join(REDIS.process().uri(), "a");
             RedisCluster b = RedisCluster.join(REDIS.process().uri(), "b")) {
            assertThat(a.shareSecret("resume-key", bytes("key of a"), false)).isEqualTo(bytes("key of a"));
            assertThat(b.shareSecret("resume-key", bytes("key of b"), false)).as("adopted").isEqualTo(bytes("key of a"));
            assertThat(b.shareSecret("turn-secret", bytes("turn of b"), true)).as("first to publish").isEqualTo(bytes("turn of b"));
            assertThat(a.shareSecret("turn-secret", bytes("turn of b"), true)).isEqualTo(bytes("turn of b"));
            assertThatThrownBy(() -> a.shareSecret("turn-secret", bytes("turn of a"), true))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("give every node the same");
        } finally {
            REDIS.process().flushAll();
        }
    }
}
