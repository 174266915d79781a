package dev.parley.cluster.redis;

import io.lettuce.core.event.command.CommandFailedEvent;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandSucceededEvent;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a node counts of its cluster, for its metrics: Redis commands (how many, how long, how many
 * failed: told by Lettuce for every command), entries read from its inbox (messages that crossed
 * from another session's step), and the nodes it last saw alive. Counters only add; read at scrape.
 */
public final class ClusterStats implements CommandListener {
    private final LongAdder commands = new LongAdder();
    private final LongAdder commandNanos = new LongAdder();
    private final LongAdder failures = new LongAdder();
    final LongAdder inboxEntries = new LongAdder();
    private volatile long nodes;

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        // A blocking read waits for traffic, not for Redis: its time says nothing of latency.
        if ("XREAD".equals(event.getCommand().getType().toString())) return;
        commands.increment();
        commandNanos.add(event.getDuration(TimeUnit.NANOSECONDS));
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        failures.increment();
    }

    void nodesSeen(long n) {
        nodes = n;
    }

    /** Commands that completed (blocking reads aside). */
    public long commands() {
        return commands.sum();
    }

    /** Their total time from sending to the reply, in seconds. */
    public double commandSeconds() {
        return commandNanos.sum() / 1e9;
    }

    /** Commands that failed: an error reply, a timeout, a lost connection. */
    public long failures() {
        return failures.sum();
    }

    /** Entries this node's inbox handed out. */
    public long inboxEntries() {
        return inboxEntries.sum();
    }

    /** Nodes alive at the last heartbeat, this one included. */
    public long nodes() {
        return nodes;
    }
}
