package dev.parley.server.core;

import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage.ErrorReply;
import java.util.ArrayDeque;

/**
 * A session's outbox across connections: passes frames to the current connection's outbox, keeps
 * them in a bounded backlog while the session is away, and hands the backlog to the connection that
 * resumes it. Also counts what goes out.
 *
 * <p>Everything is guarded by {@code this}. It is a leaf lock (taken under room and call monitors,
 * never taking another), and what it calls only enqueues, so holding it is brief.
 */
final class SessionOutbox implements Outbox {
    private final HubMetrics metrics;
    private final int backlogLimit;
    /** Runs (once) when the backlog overflows; must not call back into this outbox's callers' locks. */
    private final Runnable onOverflow;

    /** The live connection's outbox; null while away. Guarded by {@code this}. */
    private Outbox connection;
    /** Guarded by {@code this}. */
    private final ArrayDeque<ServerFrame> backlog = new ArrayDeque<>();
    /** Guarded by {@code this}. */
    private boolean overflowed;

    SessionOutbox(Outbox connection, HubMetrics metrics, int backlogLimit, Runnable onOverflow) {
        this.connection = connection;
        this.metrics = metrics;
        this.backlogLimit = backlogLimit;
        this.onOverflow = onOverflow;
    }

    @Override
    public synchronized void deliver(ServerFrame frame) {
        metrics.messageOut(frame.message().type());
        if (frame.message() instanceof ErrorReply e) metrics.error(e.code());
        if (connection != null) {
            connection.deliver(frame);
        } else if (!overflowed) {
            if (backlog.size() < backlogLimit) {
                backlog.add(frame);
            } else {
                overflowed = true;
                backlog.clear();
                onOverflow.run();
            }
        }
    }

    @Override
    public synchronized void closeForPolicy(String reason) {
        if (connection != null) connection.closeForPolicy(reason);
    }

    @Override
    public synchronized void closeReplaced() {
        if (connection != null) connection.closeReplaced();
    }

    /** The connection is gone: keep what comes until a new one attaches. */
    synchronized void detach() {
        connection = null;
    }

    /** The connection that the session now goes out on, or null while away. */
    synchronized Outbox connection() {
        return connection;
    }

    /**
     * A new connection takes over: {@code first} goes out, then everything kept meanwhile, then
     * what comes. Returns false (and attaches nothing) if messages were lost to the backlog limit.
     */
    synchronized boolean attach(Outbox next, ServerFrame first) {
        if (overflowed) return false;
        connection = next;
        deliver(first);
        for (ServerFrame f; (f = backlog.poll()) != null; ) next.deliver(f);
        return true;
    }
}
