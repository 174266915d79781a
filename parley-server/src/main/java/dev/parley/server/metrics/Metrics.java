package dev.parley.server.metrics;

import dev.parley.protocol.ErrorCode;
import dev.parley.core.Hub;
import dev.parley.core.HubMetrics;
import dev.parley.server.net.ConnectionLimiter;
import dev.parley.turn.allocation.RelayStats;
import dev.parley.turn.server.TurnEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * Parley's metrics in a Prometheus registry, scraped at {@code /metrics}: sessions, rooms, calls by
 * outcome, messages in and out by type, errors by code, rate-limit hits, TURN allocations and
 * relayed traffic, and the JVM's own. Names follow Prometheus conventions ({@code parley_*}).
 */
public final class Metrics implements HubMetrics {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger sessions = new AtomicInteger();
    private final Counter rateLimited;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** Tagged counters by tag value, found once: these are counted on every message. */
    private final Map<String, Counter> messagesIn = new ConcurrentHashMap<>();
    private final Map<String, Counter> messagesOut = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> callOutcomes = new ConcurrentHashMap<>();
    private final Map<String, Counter> resumes = new ConcurrentHashMap<>();

    public Metrics() {
        Gauge.builder("parley.sessions", sessions, AtomicInteger::get).description("open WebSocket sessions").register(registry);
        rateLimited = Counter.builder("parley.rate.limited").description("client messages refused by the per-session rate limit")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        gc.bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Gauges read from the hub's own counts. */
    public void watch(Hub hub) {
        gauge("parley.sessions.named", hub, h -> h.stats().namedSessions(), "sessions online under a name");
        gauge("parley.rooms", hub, h -> h.stats().rooms(), "rooms with members");
        gauge("parley.calls", hub, h -> h.stats().calls(), "direct calls ringing or active");
        gauge("parley.sessions.away", hub, h -> h.stats().awaySessions(), "sessions whose connection dropped, held for resuming");
    }

    /** The built-in TURN server's allocations and traffic. */
    public void watch(TurnEngine turn) {
        gauge("parley.turn.allocations", turn, t -> t.allocations().size(), "TURN allocations");
        RelayStats s = turn.stats();
        // Not "...created": Prometheus reserves the _created suffix, and the name would collide with the gauge.
        FunctionCounter.builder("parley.turn.allocations.opened", s, x -> x.allocationsCreated.sum()).register(registry);
        FunctionCounter.builder("parley.turn.relayed.bytes", s, x -> x.bytesToPeers.sum()).tag("direction", "to-peer").register(registry);
        FunctionCounter.builder("parley.turn.relayed.bytes", s, x -> x.bytesToClients.sum()).tag("direction", "to-client").register(registry);
        FunctionCounter.builder("parley.turn.relayed.packets", s, x -> x.packetsToPeers.sum()).tag("direction", "to-peer").register(registry);
        FunctionCounter.builder("parley.turn.relayed.packets", s, x -> x.packetsToClients.sum()).tag("direction", "to-client").register(registry);
        FunctionCounter.builder("parley.turn.dropped", s, x -> x.droppedWithoutPermission.sum()).tag("reason", "no-permission").register(registry);
        FunctionCounter.builder("parley.turn.dropped", s, x -> x.droppedOverBandwidth.sum()).tag("reason", "bandwidth").register(registry);
        FunctionCounter.builder("parley.turn.dropped", s, x -> x.droppedUnwritable.sum()).tag("reason", "unwritable").register(registry);
        FunctionCounter.builder("parley.turn.dropped", s, x -> x.droppedRateLimited.sum()).tag("reason", "rate-limited").register(registry);
        FunctionCounter.builder("parley.turn.connections.closed", s, x -> x.streamsRefusedPerAddress.sum()).tag("reason", "per-address-limit").register(registry);
        FunctionCounter.builder("parley.turn.connections.closed", s, x -> x.streamsRefusedTotal.sum()).tag("reason", "total-limit").register(registry);
        FunctionCounter.builder("parley.turn.connections.closed", s, x -> x.streamsClosedWithoutAllocation.sum()).tag("reason", "no-allocation").register(registry);
        FunctionCounter.builder("parley.turn.connections.closed", s, x -> x.streamsClosedNotTurn.sum()).tag("reason", "not-turn").register(registry);
    }

    /** 1 while TURN allow rules reach this machine or the metadata service (--turn-allow-dangerous-peers), so it is seen. */
    public void dangerousPeersAllowed(boolean allowed) {
        Gauge.builder("parley.turn.dangerous.peers.allowed", () -> allowed ? 1 : 0)
                .description("1 when --turn-allow-peer rules let the relay reach loopback or link-local (metadata) addresses").register(registry);
    }

    /** The HTTP and HTTPS listeners' TCP connections: open, the limit, and those closed early by reason. */
    /** This node's view of its cluster: nodes alive, messages that crossed to it, Redis's latency and failures. */
    public void watch(dev.parley.cluster.redis.ClusterStats cluster) {
        Gauge.builder("parley.cluster.nodes", cluster, dev.parley.cluster.redis.ClusterStats::nodes)
                .description("nodes alive at this node's last heartbeat, itself included").register(registry);
        FunctionCounter.builder("parley.cluster.inbox.entries", cluster, dev.parley.cluster.redis.ClusterStats::inboxEntries)
                .description("messages (and presence changes) other sessions' steps sent to this node's sessions through Redis").register(registry);
        FunctionTimer.builder("parley.cluster.redis.commands", cluster, dev.parley.cluster.redis.ClusterStats::commands,
                        dev.parley.cluster.redis.ClusterStats::commandSeconds, java.util.concurrent.TimeUnit.SECONDS)
                .description("Redis commands this node completed and their time to reply (blocking reads aside)").register(registry);
        FunctionCounter.builder("parley.cluster.redis.failures", cluster, dev.parley.cluster.redis.ClusterStats::failures)
                .description("Redis commands that failed: error replies, timeouts, lost connections").register(registry);
    }

    /** The Socket.IO endpoint: Engine.IO sessions open, requests refused and sessions ended by reason. */
    public void watch(dev.parley.server.socketio.SocketIoStats socketIo) {
        gauge("parley.socketio.sessions", socketIo, dev.parley.server.socketio.SocketIoStats::sessions, "Engine.IO sessions open at /socket.io/");
        for (var r : dev.parley.server.socketio.SocketIoStats.Refusal.values()) {
            FunctionCounter.builder("parley.socketio.refused", socketIo, s -> s.refused(r)).tag("reason", r.tag)
                    .description("Socket.IO requests and messages refused").register(registry);
        }
        for (var e : dev.parley.server.socketio.SocketIoStats.End.values()) {
            FunctionCounter.builder("parley.socketio.ended", socketIo, s -> s.ended(e)).tag("reason", e.tag)
                    .description("Engine.IO sessions ended").register(registry);
        }
    }

    public void watch(ConnectionLimiter connections) {
        gauge("parley.connections", connections, ConnectionLimiter::open, "TCP connections open on the HTTP and HTTPS listeners");
        gauge("parley.connections.max", connections, ConnectionLimiter::max, "the limit on those connections (--max-connections)");
        for (ConnectionLimiter.Reason r : List.of(ConnectionLimiter.Reason.PER_ADDRESS, ConnectionLimiter.Reason.TOTAL)) {
            FunctionCounter.builder("parley.connections.refused", connections, c -> c.closed(r)).tag("reason", r.tag)
                    .description("connections closed at once for a connection limit").register(registry);
        }
        for (ConnectionLimiter.Reason r : List.of(ConnectionLimiter.Reason.REQUEST_TIMEOUT, ConnectionLimiter.Reason.IDLE)) {
            FunctionCounter.builder("parley.connections.timed.out", connections, c -> c.closed(r)).tag("reason", r.tag)
                    .description("HTTP connections closed for a slow request or idleness").register(registry);
        }
    }

    private <T> void gauge(String name, T source, ToDoubleFunction<T> value, String description) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void sessionOpened() {
        sessions.incrementAndGet();
    }

    @Override
    public void sessionClosed() {
        sessions.decrementAndGet();
    }

    @Override
    public void messageIn(String type) {
        counter(messagesIn, "parley.messages.in", "type", type).increment();
    }

    @Override
    public void messageOut(String type) {
        counter(messagesOut, "parley.messages.out", "type", type).increment();
    }

    @Override
    public void error(ErrorCode code) {
        counter(errors, "parley.errors", "code", code.wire()).increment();
    }

    @Override
    public void rateLimited() {
        rateLimited.increment();
    }

    @Override
    public void callOutcome(String outcome) {
        counter(callOutcomes, "parley.calls.ended", "outcome", outcome).increment();
    }

    @Override
    public void resume(String outcome) {
        counter(resumes, "parley.resumes", "outcome", outcome).increment();
    }

    private Counter counter(Map<String, Counter> byValue, String name, String tag, String value) {
        return byValue.computeIfAbsent(value, v -> registry.counter(name, tag, v));
    }

    public void close() {
        gc.close();
        registry.close();
    }
}
