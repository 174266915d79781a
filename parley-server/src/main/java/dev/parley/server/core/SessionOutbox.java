package dev.parley.server.core;

import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Welcome;
import java.util.ArrayDeque;

/**
 * A session's outbox across connections: passes frames to the current connection's outbox, keeps
 * them while the session is away, and hands them to the connection that resumes it. Also counts
 * what goes out.
 *
 * <p>Frames after {@code welcome} are numbered 1, 2, … (the client counts them the same way). A
 * client that acknowledges ({@code hello acks}, then {@code ack}) has every frame kept until it
 * acknowledges it, so a resume can send again what a dying connection swallowed; for other clients
 * only the frames produced while away are kept. Either way at most {@code limit} frames.
 *
 * <p>Everything is guarded by {@code this}. It is a leaf lock (taken under room and call monitors,
 * never taking another), and what it calls only enqueues, so holding it is brief.
 */
final class SessionOutbox implements Outbox {
    private final HubMetrics metrics;
    private final int limit;
    /** Runs (once) when too much waits for an away session; must not take the callers' locks. */
    private final Runnable onOverflow;

    /** The live connection's outbox; null while away. Guarded by {@code this}. */
    private Outbox connection;
    /** The number of the last frame produced. Guarded by {@code this}. */
    private long sent;
    /** Frames the client may not have, numbered {@code sent - kept.size() + 1 .. sent}; made when first needed. Guarded by {@code this}. */
    private ArrayDeque<ServerFrame> kept;
    /** The client acknowledges what it receives. Guarded by {@code this}. */
    private boolean acking;
    /** The highest frame dropped from {@link #kept} unacknowledged (the client was too slow to say): a resume must not need it. Guarded by {@code this}. */
    private long droppedThrough;
    /** Too much waited while away: the session cannot be resumed faithfully. Guarded by {@code this}. */
    private boolean overflowed;

    SessionOutbox(Outbox connection, HubMetrics metrics, int limit, Runnable onOverflow) {
        this.connection = connection;
        this.metrics = metrics;
        this.limit = limit;
        this.onOverflow = onOverflow;
    }

    @Override
    public synchronized void deliver(ServerFrame frame) {
        metrics.messageOut(frame.message().type());
        if (frame.message() instanceof ErrorReply e) metrics.error(e.code());
        if (frame.message() instanceof Welcome w) {
            if (!w.resumed()) restartNumbering();
            if (connection != null) connection.deliver(frame);
            return;
        }
        sent++;
        if (connection != null) {
            connection.deliver(frame);
            if (acking) keepWhileAttached(frame);
        } else if (!overflowed) {
            if (keptCount() >= limit) {
                overflowed = true;
                kept = null;
                onOverflow.run();
            } else {
                keep(frame);
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

    /** From now on the client acknowledges; frames are kept until it does. */
    synchronized void expectAcks() {
        acking = true;
    }

    /** The client has received {@code received} frames: forget those. A count past what was sent is ignored. */
    synchronized void ack(long received) {
        if (kept == null || received > sent) return;
        while (!kept.isEmpty() && firstKept() <= received) kept.poll();
        if (kept.isEmpty()) kept = null; // an idle session keeps nothing
    }

    /** The connection is gone: keep what comes until a new one attaches. */
    synchronized void detach() {
        connection = null;
        if (!acking) kept = null; // everything sent so far is taken as received
    }

    /** The connection that the session now goes out on, or null while away. */
    synchronized Outbox connection() {
        return connection;
    }

    /**
     * A new connection takes over: {@code first} goes out, then what the client is missing, then what
     * comes. {@code received} is the client's count of frames it got (null: it does not count, so it
     * gets everything produced while it was away). Returns false, attaching nothing, if what it is
     * missing is no longer all here.
     */
    synchronized boolean attach(Outbox next, ServerFrame first, Integer received) {
        if (overflowed) return false;
        long from = firstKept();
        if (received != null && acking) {
            if (received > sent || received < droppedThrough || received + 1 < from) return false;
            from = received + 1;
        }
        connection = next;
        deliver(first);
        if (kept != null) {
            long seq = firstKept();
            for (ServerFrame f : kept) {
                if (seq++ >= from) next.deliver(f);
            }
            if (!acking) kept = null;
        }
        return true;
    }

    private void restartNumbering() {
        sent = 0;
        kept = null;
        droppedThrough = 0;
        overflowed = false;
    }

    private void keepWhileAttached(ServerFrame frame) {
        keep(frame);
        if (kept.size() > limit) {
            kept.poll();
            droppedThrough = firstKept() - 1;
        }
    }

    private void keep(ServerFrame frame) {
        if (kept == null) kept = new ArrayDeque<>();
        kept.add(frame);
    }

    private int keptCount() {
        return kept == null ? 0 : kept.size();
    }

    /** The number of the oldest kept frame (sent + 1 when none is kept). */
    private long firstKept() {
        return sent - keptCount() + 1;
    }
}
