package dev.parley.core.testing;

import dev.parley.core.Access;
import dev.parley.core.Hub;
import dev.parley.core.HubMetrics;
import dev.parley.core.SharedState;
import dev.parley.core.SignalingConfig;

/**
 * {@link Nodes} in this process's memory: one {@link Hub} with {@link SharedState#IN_MEMORY} that
 * serves as every one of {@code size} nodes. With more than one "node" the contracts' code for
 * spreading clients runs (and must pass) even though there is nothing to spread over.
 */
public final class InMemoryNodes implements Nodes {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final int size;
    private final Hub hub;

    public InMemoryNodes(SignalingConfig config, int size) {
        this(config, Access.OPEN, size);
    }

    public InMemoryNodes(SignalingConfig config, Access access, int size) {
        if (size < 1) throw new IllegalArgumentException("at least one node");
        this.size = size;
        this.hub = new Hub(config, scheduler, HubMetrics.NONE, access, scheduler.nanoClock(), SharedState.IN_MEMORY);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Hub hub(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("no node " + i + " of " + size);
        return hub;
    }

    @Override
    public ManualScheduler scheduler() {
        return scheduler;
    }

    /** Everything in memory is delivered as it is sent: only what was queued to run now is left to do. */
    @Override
    public void settle() {
        scheduler.runDue();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
