package dev.parley.core.testing;

import dev.parley.core.IceServerSource;
import dev.parley.core.ResumePolicy;
import dev.parley.core.SessionGuards;
import dev.parley.core.SignalingConfig;
import dev.parley.protocol.Payload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * What the behaviour contracts share: fresh {@link Nodes} per test (from {@link #nodes}, which an
 * implementation provides), clients placed on node {@code k % size} for client {@code k}, and a
 * bounded way to race many clients on threads.
 */
public abstract class SignalingContract {
    // Payloads are made directly, not parsed: the core relays them unread, and parsing would need
    // the JSON codec, which neither the core nor a module reusing these tests has on its class path.
    protected static final Payload OFFER = new Payload("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
    protected static final byte[] KEY = "contract-test-resume-key-0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    protected static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    protected static final Duration GRACE = Duration.ofSeconds(20);
    /** How long a race may take in all before the test fails (a deadline, not a performance claim). */
    private static final Duration RACE_DEADLINE = Duration.ofSeconds(30);

    /** The nodes of the running test, or null before it starts them. */
    protected Nodes nodes;

    /** New nodes sharing a fresh, empty state, configured so. Called once per test (at most). */
    protected abstract Nodes nodes(SignalingConfig config);

    /** Starts this test's nodes. */
    protected Nodes start(SignalingConfig config) {
        if (nodes != null) throw new IllegalStateException("this test's nodes are started already");
        nodes = nodes(config);
        return nodes;
    }

    /** Starts this test's nodes with the defaults of {@link #config}. */
    protected Nodes start() {
        return start(config(2, CALL_TIMEOUT, GRACE, ResumePolicy.DEFAULT_BACKLOG_FRAMES));
    }

    @AfterEach
    void stopNodes() {
        if (nodes != null) nodes.close();
    }

    /** A configuration with these limits, a resume key of the tests' and the default guards. */
    protected static SignalingConfig config(int roomCapacity, Duration callTimeout, Duration grace, int backlogFrames) {
        return new SignalingConfig(roomCapacity, SignalingConfig.DEFAULT_MAX_ROOMS_PER_SESSION, callTimeout,
                SignalingConfig.DEFAULT_MAX_FRAME_BYTES, IceServerSource.fixed(List.of()), SessionGuards.defaults(),
                new ResumePolicy(grace, backlogFrames, KEY));
    }

    /** The node client {@code k} goes to. */
    protected int nodeOf(int k) {
        return Math.floorMod(k, nodes.size());
    }

    /** Client {@code k}, connected to its node, not yet greeted. */
    protected TestClient client(int k) {
        return nodes.connect(nodeOf(k));
    }

    /** Client {@code k}, greeted with this name (null: anonymous). */
    protected TestClient greeted(int k, String name) {
        TestClient c = client(k);
        c.hello(name);
        return c;
    }

    protected static Payload seq(int i) {
        return new Payload("{\"seq\":" + i + "}");
    }

    protected static int seqOf(Payload p) {
        String json = p.json();
        return Integer.parseInt(json.replaceAll("[^0-9]", ""));
    }

    /**
     * Runs every task on its own thread (at most {@code tasks.size()}, all started together) and
     * returns their results in order; fails if they do not all finish within a deadline.
     */
    protected static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            var start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            long deadline = System.nanoTime() + RACE_DEADLINE.toNanos();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
