package dev.parley.cluster.redis;

import dev.parley.core.LocalSessions;
import dev.parley.core.SharedState;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.XAddArgs;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>When Redis is out of reach (see {@link Gate}) the node says so ({@link #unavailable}, for
 * {@code /readyz}), refuses what needs the cluster, reconnects by itself (Lettuce, at most
 * {@link #RECONNECT_DELAY_MAX} apart), and once a heartbeat goes through again and every step in
 * flight has timed out, brings itself in step with what Redis kept ({@link Resync}) before it takes
 * cluster steps again.
 */
public final class RedisCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);
    /** How often a node says it is alive. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** A command Redis has not answered by then fails (and the step with it): a paused Redis must not hang sessions. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** Entries an inbox keeps at most (the scripts' INBOX_MAXLEN): a node that stops reading cannot fill Redis. */
    static final long INBOX_MAXLEN = 10_000;
    /** Reconnect attempts back off from 50 ms up to this: a Redis back is noticed within about a second. */
    static final Duration RECONNECT_DELAY_MAX = Duration.ofSeconds(1);
    /** A connection attempt that takes longer fails (the next one follows the reconnect delay). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** Commands queued per connection at most (Lettuce's default is unbounded); past it they fail at once. */
    static final int REQUEST_QUEUE = 10_000;
    /**
     * A resync waits until the gate has been closed this long: every step in flight when it closed
     * has timed out by then (its late reply, if any, is dropped), so none changes a session meanwhile.
     */
    static final Duration SETTLE = COMMAND_TIMEOUT.plusMillis(200);

    private final String node;
    private final ClusterStats stats = new ClusterStats();
    private final ClientResources resources;
    private final RedisClient client;
    private final Gate gate = new Gate();
    /** This node's connections that Lettuce reports down now (it reconnects them). */
    private final Set<RedisChannelHandler<?, ?>> down = ConcurrentHashMap.newKeySet();
    /** Redis's epoch as the last heartbeat found it; null before the first. Heartbeat thread only. */
    private String epoch;
    /** A heartbeat found Redis's data lost since the last resync. Heartbeat thread only. */
    private boolean lost;
    /** Set with {@link #inbox}. */
    private volatile Resync resync;
    /** {@link #close} began: connections going down are no trouble. */
    private volatile boolean closing;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisConnection<String, String> reading;
    private final ScheduledExecutorService heartbeat;
    private final java.util.concurrent.ExecutorService reaperThread =
            Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("parley-cluster-reaper").daemon().unstarted(r));
    /** A reaper's round is under way (at most one at a time). */
    private final java.util.concurrent.atomic.AtomicBoolean reaping = new java.util.concurrent.atomic.AtomicBoolean();
    /** Every session was set aside by {@link #drain}. */
    private volatile boolean drained;
    /** Set once the hub is built on this cluster. */
    private volatile Inbox inbox;
    /** Set with {@link #inbox}. */
    private volatile Reaper reaper;
    /** The hub's sessions; set with {@link #inbox}. */
    private volatile LocalSessions local;

    private RedisCluster(String node, ClientResources resources, RedisClient client) {
        this.node = node;
        this.resources = resources;
        this.client = client;
        client.addListener(stats);
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                down.remove(connection);
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (closing) return;
                down.add(connection);
                gate.close("lost its connection to Redis");
            }
        });
        this.commands = client.connect();
        this.reading = client.connect();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("parley-cluster-heartbeat").daemon().unstarted(() -> {
            Gate.upkeep();
            r.run();
        }));
    }

    /**
     * Joins the cluster of every node on the Redis at {@code uri} as {@code node} (unique among
     * them); an IOException saying why (without the URI's password) if that Redis cannot be used.
     */
    public static RedisCluster join(String uri, String node) throws java.io.IOException {
        RedisURI redisUri;
        try {
            redisUri = RedisURI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--redis: " + e.getMessage());
        }
        try {
            return join(redisUri, node);
        } catch (io.lettuce.core.RedisException e) {
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new java.io.IOException("cannot use Redis at " + redacted(uri) + ": " + why, e);
        }
    }

    private static String redacted(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }

    private static RedisCluster join(RedisURI uri, String node) {
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), RECONNECT_DELAY_MAX, 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .requestQueueSize(REQUEST_QUEUE)
                .build());
        RedisCluster cluster;
        try {
            cluster = new RedisCluster(node, resources, client);
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown();
            throw e;
        }
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

    /**
     * Says this node is alive and learns what Redis kept; after trouble, brings this node in step
     * with it and opens the gate; then, if this node holds the reaper's lease, cleans up after others.
     */
    private void beat() {
        try {
            List<Object> beat = Scripts.list(commands.sync(), Scripts.Script.BEAT, node, UUID.randomUUID().toString());
            long now = (Long) beat.get(0);
            String found = (String) beat.get(1);
            stats.nodesSeen((Long) beat.get(2));
            if (epoch != null && !epoch.equals(found)) {
                lost = true;
                gate.close("Redis lost the cluster's state");
            }
            epoch = found;
            if (gate.trouble() != null) {
                Resync r = resync;
                if (!down.isEmpty() || gate.closedFor() < SETTLE.toNanos()) return;
                if (r != null) r.run(lost);
                lost = false;
                gate.open();
                return; // the reaper waits a beat: every live node has said it is alive again by then
            }
            Reaper r = reaper;
            // On a thread of its own: a long round (many sessions to end) must not delay this node's heartbeats.
            if (r != null && reaping.compareAndSet(false, true)) {
                reaperThread.execute(() -> {
                    try {
                        r.run(now);
                    } catch (RuntimeException e) {
                        log.warn("node {}: reaping failed: {}", node, e.toString());
                    } finally {
                        reaping.set(false);
                    }
                });
            }
        } catch (RuntimeException e) {
            RuntimeException failure = e instanceof dev.parley.core.SharedStateUnavailable ? e : Gate.translate(e, gate::close);
            if (gate.trouble() == null) log.warn("node {}: heartbeat failed: {}", node, failure.toString());
        }
    }

    /**
     * The cluster's secret {@code name} (the key that signs resume tokens, the TURN secret): the
     * first node to start publishes its own, the others adopt it, so that a token or a TURN
     * credential one node hands out is good on every node. With {@code insist} (the operator gave
     * this node's secret explicitly) a different published one is an error instead. Kept in Redis
     * (base64), which so must be as private as the secrets themselves.
     */
    public byte[] shareSecret(String name, byte[] ours, boolean insist) {
        RedisCommands<String, String> redis = commands.sync();
        String key = Keys.secret(name);
        String mine = java.util.Base64.getEncoder().encodeToString(ours);
        if ("OK".equals(redis.set(key, mine, io.lettuce.core.SetArgs.Builder.nx()))) return ours;
        String theirs = redis.get(key);
        if (theirs == null || theirs.equals(mine)) return ours;
        if (insist) {
            throw new IllegalStateException("this node's " + name + " differs from the one the other nodes of the cluster use: give every node the same");
        }
        log.info("node {} uses the cluster's {} (not its own)", node, name);
        return java.util.Base64.getDecoder().decode(theirs);
    }

    /** Why this node cannot serve what needs the cluster now (Redis out of reach, or not yet in step again), or null. */
    public String unavailable() {
        String why = gate.trouble();
        return why == null ? null : "Redis: " + why;
    }

    /** Whether this node has handed its sessions everything sent to them so far (tests wait on it). */
    public boolean caughtUp() {
        Inbox in = inbox;
        return in == null || in.caughtUp(commands.sync());
    }

    /** What this node counts of the cluster, for its metrics. */
    public ClusterStats stats() {
        return stats;
    }

    public String node() {
        return node;
    }

    /**
     * The shared state for this node's hub (once: a node has one hub), from the hub's resume policy:
     * its grace is how long a session set aside waits to be taken over, its backlog how many frames
     * of a session are copied for another node to resume it from.
     */
    public Function<LocalSessions, SharedState> sharedState(dev.parley.core.ResumePolicy resume) {
        Duration grace = resume.grace();
        return sessions -> {
            if (inbox != null) throw new IllegalStateException("node " + node + " already has a hub");
            RedisCommands<String, String> redis = gate.guard(commands.sync());
            Inbox in = new Inbox(node, reading.sync(), commands.async(), sessions, grace, stats);
            Resync r = new Resync(node, redis, sessions, in);
            inbox = in;
            local = sessions;
            resync = r;
            reaper = new Reaper(redis, node, sessions, grace);
            in.start();
            return new SharedState(new RedisRoomSeats(redis, in), new RedisDirectory(redis, in, node, r), new RedisSessions(redis, in, node, r),
                    new RedisSwitchboard(redis, in), new RedisMirror(commands.async(), resume.backlogFrames()));
        };
    }

    /**
     * Sets every session of this node aside for other nodes to take over (its clients were told to
     * reconnect, 1012), waiting at most {@code wait} for the sessions to be held away; returns how
     * many are left (they are set aside without their backlog once this node is seen dead).
     */
    public int drain(Duration wait) {
        LocalSessions sessions = local;
        if (sessions == null) return 0;
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> left = sessions.sessionIds();
        while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                for (String id : left) {
                    commands.sync().xadd(Keys.inbox(node), XAddArgs.Builder.maxlen(INBOX_MAXLEN).approximateTrimming(), Map.of("k", "park", "id", id));
                }
            } catch (RuntimeException e) {
                log.warn("node {}: cannot set sessions aside without Redis ({}); they will be, once this node is seen dead", node, e.toString());
                break;
            }
            sleep(100);
            left = sessions.sessionIds();
        }
        if (!left.isEmpty()) log.warn("node {}: {} sessions could not be set aside before stopping", node, left.size());
        drained = left.isEmpty();
        return left.size();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Leaves the cluster: no more broadcasts to this node, and its inbox goes. A node that holds
     * sessions still (not drained) stays listed, to be reaped as a dead one: its sessions are set
     * aside then.
     */
    @Override
    public void close() {
        closing = true;
        // A heartbeat or a reaper's round under way finishes rather than being cut off.
        for (var executor : List.of(heartbeat, reaperThread)) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(COMMAND_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS)) executor.shutdownNow();
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (inbox != null) inbox.close();
        try {
            if (local == null || drained || local.sessionIds().isEmpty()) {
                commands.sync().zrem(Keys.NODES, node);
                commands.sync().del(Keys.inbox(node), Keys.nodeSessions(node));
            }
        } catch (RuntimeException e) {
            log.warn("node {}: could not leave the cluster cleanly: {}", node, e.toString());
        }
        reading.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
