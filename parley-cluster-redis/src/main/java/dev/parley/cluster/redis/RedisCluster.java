package dev.parley.cluster.redis;

import dev.parley.core.LocalSessions;
import dev.parley.core.SharedState;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership in a cluster of Parley nodes that share one Redis: its heartbeat, its
 * inbox, and the {@link SharedState} its hub runs on. Two connections: one for the scripts (Lettuce
 * pipelines the callers' commands on it), one that blocks reading the inbox.
 */
public final class RedisCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);
    /** How often a node says it is alive. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** A command Redis has not answered by then fails (and the step with it): a paused Redis must not hang sessions. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final String node;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisConnection<String, String> reading;
    private final ScheduledExecutorService heartbeat;
    /** Set once the hub is built on this cluster. */
    private volatile Inbox inbox;

    private RedisCluster(String node, RedisClient client) {
        this.node = node;
        this.client = client;
        this.commands = client.connect();
        this.reading = client.connect();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("parley-cluster-heartbeat").daemon().unstarted(r));
    }

    /** Joins the cluster of every node on the Redis at {@code uri} as {@code node} (unique among them). */
    public static RedisCluster join(String uri, String node) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        RedisCluster cluster = new RedisCluster(node, client);
        try {
            cluster.start();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void start() {
        RedisCommands<String, String> redis = commands.sync();
        redis.del(Keys.inbox(node)); // a node that restarts under its old id starts from an empty inbox
        beat();
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        log.info("node {} joined the cluster on Redis", node);
    }

    private void beat() {
        try {
            commands.sync().zadd(Keys.NODES, System.currentTimeMillis(), node);
        } catch (RuntimeException e) {
            log.warn("node {}: heartbeat failed: {}", node, e.toString());
        }
    }

    public String node() {
        return node;
    }

    /** The shared state for this node's hub (once: a node has one hub). */
    public Function<LocalSessions, SharedState> sharedState() {
        return local -> {
            if (inbox != null) throw new IllegalStateException("node " + node + " already has a hub");
            RedisCommands<String, String> redis = commands.sync();
            Inbox in = new Inbox(node, reading.sync(), local);
            inbox = in;
            in.start();
            return new SharedState(new RedisRoomSeats(redis, in), new RedisDirectory(redis, in, node), new RedisSessions(redis, in, node),
                    new RedisSwitchboard(redis, in));
        };
    }

    /** Leaves the cluster: no more broadcasts to this node, and its inbox goes. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        if (inbox != null) inbox.close();
        try {
            commands.sync().zrem(Keys.NODES, node);
            commands.sync().del(Keys.inbox(node));
        } catch (RuntimeException e) {
            log.warn("node {}: could not leave the cluster cleanly: {}", node, e.toString());
        }
        reading.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
