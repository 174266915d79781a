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
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fixture and Lettuce together, and the Lettuce behaviours the cluster relies on: what a client
 * does while Redis is killed, restarted, paused or cuts its connections.
 */
class RedisProcessTest {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    /** Generous: these say "it still works within", never how fast. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    /** Claims a seat: members and capacity share the {room} hash tag, so one slot under Redis Cluster too. */
    private static final String CLAIM_SEAT = """
            if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
            if redis.call('SCARD', KEYS[1]) >= tonumber(redis.call('GET', KEYS[2]) or '0') then return 0 end
            redis.call('SADD', KEYS[1], ARGV[1])
            return 1
            """;

    private final LettuceClients clients = new LettuceClients();

    @BeforeEach
    void serverUp() {
        // A test that failed half-way may leave it down.
        if (!redis.process().isRunning()) {
            redis.process().restart();
        }
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void answersPing() {
        RedisProcess server = redis.process();
        assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + server.port());
        assertThat(server.command("PING")).isEqualTo("PONG");
        try (StatefulRedisConnection<String, String> connection = client(ClientOptions.create()).connect()) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        }
    }

    @Test
    @SuppressWarnings("unchecked") // Lettuce's xread(StreamOffset<K>...) is not @SafeVarargs
    void xaddTrimsToMaxlenAndWakesAnXreadBlockedOnAnotherConnection() throws Exception {
        RedisClient client = client(ClientOptions.create());
        try (StatefulRedisConnection<String, String> writer = client.connect();
                StatefulRedisConnection<String, String> reader = client.connect()) {
            String stream = "{node:a}:inbox";
            String last = null;
            for (int i = 0; i < 5; i++) {
                last = writer.sync().xadd(stream, XAddArgs.Builder.maxlen(3), Map.of("n", Integer.toString(i)));
            }
            assertThat(writer.sync().xlen(stream)).isEqualTo(3);

            // From the last id seen, not "$": a read re-sent after a reconnect must not skip what came between.
            RedisFuture<List<StreamMessage<String, String>>> read = reader.async()
                    .xread(XReadArgs.Builder.block(Duration.ofSeconds(20)), StreamOffset.from(stream, last));
            awaitBlockedClients(1);
            assertThat(read.isDone()).isFalse();

            String id = writer.sync().xadd(stream, XAddArgs.Builder.maxlen(3), Map.of("n", "5"));
            List<StreamMessage<String, String>> messages = read.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(messages).singleElement().satisfies(m -> {
                assertThat(m.getId()).isEqualTo(id);
                assertThat(m.getBody()).containsEntry("n", "5");
            });
        }
    }

    @Test
    void aLuaScriptClaimsSeatsAtomicallyOnOneHashSlotAndIsLoadedAgainAfterAScriptFlush() {
        String members = "{room:r1}:members";
        String capacity = "{room:r1}:capacity";
        assertThat(SlotHash.getSlot(members)).isEqualTo(SlotHash.getSlot(capacity));
        try (StatefulRedisConnection<String, String> connection = client(ClientOptions.create()).connect()) {
            RedisCommands<String, String> sync = connection.sync();
            sync.set(capacity, "2");
            String sha = sync.scriptLoad(CLAIM_SEAT);
            assertThat(sha).isEqualTo(sync.digest(CLAIM_SEAT));

            assertThat(claim(sync, sha, "alice")).isEqualTo(1);
            assertThat(claim(sync, sha, "bob")).isEqualTo(1);
            assertThat(claim(sync, sha, "alice")).isEqualTo(1);
            assertThat(claim(sync, sha, "carol")).isEqualTo(0);
            assertThat(sync.smembers(members)).containsExactlyInAnyOrder("alice", "bob");

            // As after a Redis restart: the cache is empty, EVALSHA says NOSCRIPT, EVAL loads it again.
            redis.process().command("SCRIPT", "FLUSH");
            assertThatThrownBy(() -> claim(sync, sha, "carol")).isInstanceOf(RedisNoScriptException.class);
            assertThat(evalShaOrEval(sync, sha, "carol")).isEqualTo(0);
            assertThat(claim(sync, sha, "carol")).isEqualTo(0);
        }
    }

    @Test
    void afterKill9AndRestartTheClientReconnectsByItselfAndReplaysWhatWasBuffered() throws Exception {
        ConnectionEvents events = new ConnectionEvents();
        RedisClient client = client(ClientOptions.create());
        client.addListener(events);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> sync = connection.sync();
            sync.set("k", "before");
            String sha = sync.scriptLoad(CLAIM_SEAT);
            sync.set("{room:r2}:capacity", "1");

            redis.process().kill9();
            await(BOUND, "the client notices the server died", () -> events.disconnected() >= 1);
            assertThat(connection.isOpen()).isFalse();

            // DisconnectedBehavior.DEFAULT with autoReconnect: commands wait in a buffer until reconnected.
            RedisFuture<String> buffered = connection.async().get("k");
            assertThat(buffered.isDone()).isFalse();

            redis.process().restart();
            assertThat(buffered.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isNull();
            await(BOUND, "reconnected", () -> events.connected() >= 2);
            assertThat(sync.ping()).isEqualTo("PONG");
            assertThat(sync.get("k")).isNull();

            // The restart emptied the script cache: EVALSHA fails, EVAL works and loads it again.
            sync.set("{room:r2}:capacity", "1");
            assertThatThrownBy(() -> sync.evalsha(sha, ScriptOutputType.INTEGER,
                    new String[] {"{room:r2}:members", "{room:r2}:capacity"}, "alice"))
                    .isInstanceOf(RedisNoScriptException.class);
            assertThat(evalShaOrEval(sync, sha, "alice", "{room:r2}:members", "{room:r2}:capacity")).isEqualTo(1);
        }
    }

    @Test
    void rejectCommandsFailsFastWhileDisconnectedInsteadOfBuffering() throws Exception {
        ConnectionEvents events = new ConnectionEvents();
        RedisClient client = client(ClientOptions.builder()
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        client.addListener(events);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            redis.process().kill9();
            await(BOUND, "the client notices the server died", () -> events.disconnected() >= 1);

            assertThatThrownBy(() -> connection.sync().get("k"))
                    .isInstanceOf(RedisException.class)
                    .hasMessageContaining("not connected");

            redis.process().restart();
            await(BOUND, "reconnected", () -> events.connected() >= 2);
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        }
    }

    @Test
    void aPauseMakesCommandsWaitOrTimeOutAndThenTheySucceed() throws Exception {
        try (StatefulRedisConnection<String, String> connection = client(ClientOptions.create()).connect()) {
            connection.sync().set("k", "v");
            redis.process().pause(Duration.ofSeconds(3));

            connection.setTimeout(Duration.ofMillis(300));
            assertThatThrownBy(() -> connection.sync().get("k")).isInstanceOf(RedisCommandTimeoutException.class);

            // The timed-out command's late reply is matched to it and dropped; the connection stays usable.
            connection.setTimeout(BOUND);
            assertThat(connection.async().get("k").get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("v");
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    @SuppressWarnings("unchecked") // Lettuce's xread(StreamOffset<K>...) is not @SafeVarargs
    void killClientsMakesLettuceReconnectByItselfAndReSendABlockedXread() throws Exception {
        ConnectionEvents events = new ConnectionEvents();
        RedisClient client = client(ClientOptions.create());
        client.addListener(events);
        try (StatefulRedisConnection<String, String> writer = client.connect();
                StatefulRedisConnection<String, String> reader = client.connect()) {
            String stream = "{node:b}:inbox";
            String first = writer.sync().xadd(stream, Map.of("n", "0"));
            RedisFuture<List<StreamMessage<String, String>>> read = reader.async()
                    .xread(XReadArgs.Builder.block(Duration.ofSeconds(20)), StreamOffset.from(stream, first));
            awaitBlockedClients(1);

            assertThat(redis.process().killClients()).isGreaterThanOrEqualTo(2);
            await(BOUND, "both connections dropped", () -> events.disconnected() >= 2);
            await(BOUND, "both reconnected", () -> events.connected() >= 4);

            // The XREAD was in flight: Lettuce neither failed it nor lost it, it sent it again.
            awaitBlockedClients(1);
            assertThat(read.isDone()).isFalse();
            String id = writer.sync().xadd(stream, Map.of("n", "1"));
            assertThat(read.get(BOUND.toSeconds(), TimeUnit.SECONDS)).extracting(StreamMessage::getId).containsExactly(id);
        }
    }

    @Test
    void aStoppedServerIsReportedAndRestartsEmpty() {
        RedisProcess server = redis.process();
        server.command("SET", "k", "v");
        int port = server.port();
        server.stop();
        assertThat(server.isRunning()).isFalse();
        server.restart();
        assertThat(server.port()).isEqualTo(port);
        assertThat(server.command("GET", "k")).isNull();
        server.command("SET", "k", "v");
        server.flushAll();
        assertThat(server.command("DBSIZE")).isEqualTo("0");
    }

    private RedisClient client(ClientOptions options) {
        return clients.create(redis.process().uri(), options);
    }

    private static long claim(RedisCommands<String, String> sync, String sha, String who) {
        return sync.evalsha(sha, ScriptOutputType.INTEGER, new String[] {"{room:r1}:members", "{room:r1}:capacity"}, who);
    }

    private static long evalShaOrEval(RedisCommands<String, String> sync, String sha, String who) {
        return evalShaOrEval(sync, sha, who, "{room:r1}:members", "{room:r1}:capacity");
    }

    /** How cluster code should run a script: by digest, and the source only when Redis lost it. */
    private static long evalShaOrEval(RedisCommands<String, String> sync, String sha, String who, String... keys) {
        try {
            return sync.evalsha(sha, ScriptOutputType.INTEGER, keys, who);
        } catch (RedisNoScriptException e) {
            return sync.eval(CLAIM_SEAT, ScriptOutputType.INTEGER, keys, who);
        }
    }

    private static void awaitBlockedClients(int count) {
        await(BOUND, count + " client(s) blocked in Redis", () -> redis.process().blockedClients() == count);
    }
}
