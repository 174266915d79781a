package dev.parley.cluster.redis;

import dev.parley.core.SharedStateUnavailable;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node can count on Redis now, and the sessions' way to it. Anything that shows
 * Redis out of reach (a command timed out or was refused while disconnected, a connection
 * dropped, a heartbeat failed) closes the gate; from then on the sessions' commands fail at once
 * with {@link SharedStateUnavailable} instead of waiting out a timeout each, and {@code /readyz}
 * says why. Only the node's own upkeep (the heartbeat thread: beat, resync, reaper) passes a
 * closed gate. It opens again when the heartbeat finds Redis answering and has resynchronised
 * this node with it ({@link Resync}).
 */
final class Gate {
    private static final Logger log = LoggerFactory.getLogger(Gate.class);
    /** Set on the heartbeat thread: its commands pass a closed gate. */
    private static final ThreadLocal<Boolean> UPKEEP = ThreadLocal.withInitial(() -> false);

    /** Why Redis is out of reach, or null when the gate is open. Written under this, read anywhere. */
    private volatile String trouble;
    /** System.nanoTime() when the gate last closed; guarded by this. */
    private long closedAt;

    /** Marks the calling thread as the node's upkeep. */
    static void upkeep() {
        UPKEEP.set(true);
    }

    /** Why Redis is out of reach now, or null. */
    String trouble() {
        return trouble;
    }

    /** Closes the gate (if open) because of {@code why}. */
    synchronized void close(String why) {
        if (trouble != null) return;
        trouble = why;
        closedAt = System.nanoTime();
        log.warn("Redis is out of reach ({}): refusing what needs the cluster until it is back", why);
    }

    /** Nanoseconds since the gate closed (0 while open). */
    synchronized long closedFor() {
        return trouble == null ? 0 : System.nanoTime() - closedAt;
    }

    synchronized void open() {
        if (trouble == null) return;
        trouble = null;
        log.info("Redis is back and this node is in step with it again");
    }

    /** Runs a step whose Redis part may fail for want of Redis (then it is redone by {@link Resync}). */
    static void quietly(Runnable step) {
        try {
            step.run();
        } catch (SharedStateUnavailable e) {
            log.debug("left for the resync: {}", e.getMessage());
        }
    }

    /**
     * {@code redis} behind this gate: refused at once while it is closed, and a failure that shows
     * Redis out of reach closes it and comes out as {@link SharedStateUnavailable}.
     */
    @SuppressWarnings("unchecked")
    RedisCommands<String, String> guard(RedisCommands<String, String> redis) {
        return (RedisCommands<String, String>) Proxy.newProxyInstance(Gate.class.getClassLoader(), new Class<?>[] {RedisCommands.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) return method.invoke(redis, args);
                    String why = trouble;
                    if (why != null && !UPKEEP.get()) throw new SharedStateUnavailable("Redis is out of reach: " + why);
                    try {
                        return method.invoke(redis, args);
                    } catch (InvocationTargetException e) {
                        throw translate(e.getCause(), this::close);
                    }
                });
    }

    /** A Lettuce failure as what it means for a step: Redis out of reach (reported to {@code trouble}), or the step's own fault. */
    static RuntimeException translate(Throwable failure, java.util.function.Consumer<String> trouble) {
        if (unreachable(failure)) {
            String why = failure instanceof RedisCommandTimeoutException
                    ? "no answer within " + RedisCluster.COMMAND_TIMEOUT.toSeconds() + " s" : String.valueOf(failure.getMessage());
            trouble.accept(why);
            return new SharedStateUnavailable("Redis is out of reach: " + why, failure);
        }
        if (failure instanceof RuntimeException e) return e;
        if (failure instanceof Error e) throw e;
        return new IllegalStateException(failure);
    }

    /**
     * Timeouts, refusals while disconnected, a connection lost mid-command, a Redis still loading
     * its data or busy with a script: not the step's fault. An error Redis answered (a script's
     * own, say) is.
     */
    static boolean unreachable(Throwable failure) {
        if (failure instanceof RedisLoadingException || failure instanceof RedisBusyException) return true;
        if (failure instanceof RedisCommandExecutionException) return false;
        return failure instanceof RedisException;
    }
}
