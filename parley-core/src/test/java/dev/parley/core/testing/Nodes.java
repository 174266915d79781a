package dev.parley.core.testing;

import dev.parley.core.Hub;
import java.time.Duration;

/**
 * N signaling nodes sharing one state, as the contract tests see them: in memory, one {@link Hub}
 * that stands for every node ({@link InMemoryNodes}); in a cluster, a hub per node over one shared
 * store. Every node's timers run on one {@link ManualScheduler}, so time is the test's to move.
 */
public interface Nodes extends AutoCloseable {
    /** How many nodes there are; tests place client {@code k} on node {@code k % size()}. */
    int size();

    /** Node {@code i}'s hub. */
    Hub hub(int i);

    /** The virtual time every node's timers and clocks run on. */
    ManualScheduler scheduler();

    /**
     * Waits until everything sent so far has been delivered on every node, and has run what the
     * transports queued (test clients report closed connections through the scheduler, as a
     * transport's event loop would). In memory: runs the scheduler's tasks that are due now; a
     * cluster also waits (bounded) until every node has delivered what crossed over to it.
     */
    void settle();

    /** Moves virtual time forward, running the timers due on the way, then {@link #settle}s. */
    default void advance(Duration by) {
        scheduler().advance(by);
        settle();
    }

    /** A new connection to node {@code i % size()}; it has said nothing yet. */
    default TestClient connect(int i) {
        return new TestClient(this, Math.floorMod(i, size()));
    }

    /** Stops the nodes (and whatever they started). */
    @Override
    void close();
}
