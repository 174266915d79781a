package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.SharedStateUnavailable;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gate in front of the sessions' commands, on a real Redis paused and running. */
class GateTest {
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private final LettuceClients clients = new LettuceClients();

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void whatShowsRedisOutOfReachIsToldApartFromAStepsOwnFault() {
        assertThat(Gate.unreachable(new RedisCommandTimeoutException("timed out"))).isTrue();
        assertThat(Gate.unreachable(new RedisConnectionException("refused"))).isTrue();
        assertThat(Gate.unreachable(new RedisException("Currently not connected. Commands are rejected."))).isTrue();
        assertThat(Gate.unreachable(new RedisLoadingException("LOADING"))).isTrue();
        assertThat(Gate.unreachable(new RedisCommandExecutionException("ERR user_script:3: bad"))).isFalse();
        assertThat(Gate.unreachable(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void aTimeoutClosesTheGateThenStepsFailAtOnceUntilItOpensAndUpkeepPassesMeanwhile() throws Exception {
        RedisClient client = clients.create(redis.process().uri(), io.lettuce.core.ClientOptions.create());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.setTimeout(Duration.ofMillis(300));
            Gate gate = new Gate();
            RedisCommands<String, String> guarded = gate.guard(connection.sync());
            assertThat(guarded.set("k", "v")).isEqualTo("OK");

            redis.process().pause(Duration.ofSeconds(1));
            assertThatThrownBy(() -> guarded.get("k")).isInstanceOf(SharedStateUnavailable.class)
                    .hasCauseInstanceOf(RedisCommandTimeoutException.class);
            assertThat(gate.trouble()).contains("no answer");
            long start = System.nanoTime();
            assertThatThrownBy(() -> guarded.get("k")).isInstanceOf(SharedStateUnavailable.class).hasNoCause();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused without asking Redis").isLessThan(Duration.ofMillis(250));

            AtomicReference<String> upkeep = new AtomicReference<>();
            Thread thread = Thread.ofPlatform().start(() -> {
                Gate.upkeep();
                connection.setTimeout(Duration.ofSeconds(10));
                upkeep.set(guarded.get("k"));
            });
            thread.join(Duration.ofSeconds(15));
            assertThat(upkeep.get()).as("the heartbeat thread passes a closed gate").isEqualTo("v");

            gate.open();
            assertThat(gate.trouble()).isNull();
            assertThat(guarded.get("k")).isEqualTo("v");
            assertThatThrownBy(() -> guarded.eval("return redis.call('NOSUCHCOMMAND')", io.lettuce.core.ScriptOutputType.INTEGER))
                    .as("a script's own error is no trouble").isInstanceOf(RedisCommandExecutionException.class);
            assertThat(gate.trouble()).isNull();
        }
    }
}
