package dev.parley.cluster.redis;

import dev.parley.core.SignalingConfig;
import dev.parley.core.testing.CallsContract;
import dev.parley.core.testing.Nodes;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The core's calls contract on three nodes sharing one real Redis. */
class RedisCallsTest extends CallsContract {
    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    @Override
    protected Nodes nodes(SignalingConfig config) {
        return new RedisNodes(REDIS.process(), config, 3);
    }
}
