package dev.parley.cluster.redis;

import static dev.parley.cluster.redis.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Lettuce does when the network, not Redis, fails, through a {@link TcpProxy}: the facts the
 * cluster's failure handling is built on (a lost network is only seen as timeouts; a cut connection
 * replays commands that were in flight, so they may run twice; a blocking read holds its connection).
 */
class LettuceUnderFaultsTest {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final Duration SHORT = Duration.ofMillis(300);

    private final LettuceClients clients = new LettuceClients();
    /** Touched by the test's thread only. */
    private final List<TcpProxy> proxies = new ArrayList<>();

    @AfterEach
    void close() {
        clients.close();
        proxies.forEach(TcpProxy::close);
        redis.process().flushAll();
    }

    @Test
    void aLostNetworkShowsOnlyAsTimeoutsNotAsADisconnectAndHealsOnTheSameConnection() {
        TcpProxy proxy = proxy();
        ConnectionEvents events = new ConnectionEvents();
        try (StatefulRedisConnection<String, String> connection = connect(proxy, ClientOptions.create(), events)) {
            connection.sync().set("k", "v");
            proxy.blackhole();
            connection.setTimeout(SHORT);
            assertThatThrownBy(() -> connection.sync().get("k")).isInstanceOf(RedisCommandTimeoutException.class);
            assertThatThrownBy(() -> connection.sync().ping()).isInstanceOf(RedisCommandTimeoutException.class);
            // Lettuce still believes it is connected: only a heartbeat with a timeout tells a node it is cut off.
            assertThat(connection.isOpen()).isTrue();
            assertThat(events.disconnected()).isZero();

            proxy.heal();
            connection.setTimeout(BOUND);
            assertThat(connection.sync().get("k")).isEqualTo("v");
            assertThat(events.connected()).isEqualTo(1);
        }
    }

    @Test
    void aCommandInFlightWhenTheConnectionIsCutIsSentAgainAfterTheReconnectSoItRunsTwice() throws Exception {
        TcpProxy proxy = proxy();
        ConnectionEvents events = new ConnectionEvents();
        try (StatefulRedisConnection<String, String> connection = connect(proxy, ClientOptions.create(), events)) {
            proxy.blackholeReplies();
            RedisFuture<Long> incr = connection.async().incr("counter");
            await(BOUND, "INCR ran in Redis", () -> "1".equals(redis.process().command("GET", "counter")));

            proxy.cut();
            proxy.heal();
            // At least once: Lettuce replays it on the new connection, and the reply says so.
            assertThat(incr.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(redis.process().command("GET", "counter")).isEqualTo("2");
            assertThat(events.connected()).isEqualTo(2);
        }
    }

    @Test
    void withRejectCommandsACommandInFlightFailsAtOnceAndItsOutcomeIsUnknown() {
        TcpProxy proxy = proxy();
        ClientOptions reject = ClientOptions.builder().disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS).build();
        ConnectionEvents events = new ConnectionEvents();
        try (StatefulRedisConnection<String, String> connection = connect(proxy, reject, events)) {
            proxy.blackholeReplies();
            RedisFuture<Long> incr = connection.async().incr("counter");
            await(BOUND, "INCR ran in Redis", () -> "1".equals(redis.process().command("GET", "counter")));

            proxy.cut();
            assertThatThrownBy(() -> incr.get(BOUND.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(RedisException.class).hasMessageContaining("Connection disconnected");
            // It did run: a caller that retries must make the step idempotent.
            assertThat(redis.process().command("GET", "counter")).isEqualTo("1");

            proxy.heal();
            await(BOUND, "reconnected", () -> events.connected() >= 2);
            assertThat(connection.sync().get("counter")).isEqualTo("1");
        }
    }

    @Test
    @SuppressWarnings("unchecked") // Lettuce's xread(StreamOffset<K>...) is not @SafeVarargs
    void withRejectCommandsABlockedXreadFailsAtOnceWhenItsConnectionIsCut() {
        TcpProxy proxy = proxy();
        ClientOptions reject = ClientOptions.builder().disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS).build();
        try (StatefulRedisConnection<String, String> connection = connect(proxy, reject, new ConnectionEvents())) {
            String id = connection.sync().xadd("{node:c}:inbox", Map.of("n", "0"));
            RedisFuture<List<StreamMessage<String, String>>> read = connection.async()
                    .xread(XReadArgs.Builder.block(Duration.ofSeconds(20)), StreamOffset.from("{node:c}:inbox", id));
            await(BOUND, "XREAD blocked in Redis", () -> redis.process().blockedClients() == 1);

            proxy.cut();
            assertThatThrownBy(() -> read.get(BOUND.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(RedisException.class).hasMessageContaining("Connection disconnected");
        }
    }

    @Test
    @SuppressWarnings("unchecked") // Lettuce's xread(StreamOffset<K>...) is not @SafeVarargs
    void aBlockingReadLongerThanTheCommandTimeoutTimesOutButStillHoldsItsConnection() throws Exception {
        try (StatefulRedisConnection<String, String> connection = connect(null, ClientOptions.create(), new ConnectionEvents())) {
            String id = connection.sync().xadd("{node:d}:inbox", Map.of("n", "0"));
            connection.setTimeout(SHORT);
            assertThatThrownBy(() -> connection.sync()
                    .xread(XReadArgs.Builder.block(Duration.ofSeconds(3)), StreamOffset.from("{node:d}:inbox", id)))
                    .isInstanceOf(RedisCommandTimeoutException.class);
            // Redis still blocks the connection in XREAD: the next command queues behind it and times out too.
            assertThatThrownBy(() -> connection.sync().get("k")).isInstanceOf(RedisCommandTimeoutException.class);

            connection.setTimeout(BOUND);
            assertThat(connection.async().get("k").get(BOUND.toSeconds(), TimeUnit.SECONDS)).isNull();
        }
    }

    private TcpProxy proxy() {
        TcpProxy proxy = TcpProxy.start(redis.process().port());
        proxies.add(proxy);
        return proxy;
    }

    /** Through the proxy, or straight to Redis when it is null. */
    private StatefulRedisConnection<String, String> connect(TcpProxy proxy, ClientOptions options, ConnectionEvents events) {
        RedisClient client = clients.create(proxy == null ? redis.process().uri() : proxy.uri(), options);
        client.addListener(events);
        return client.connect();
    }
}
