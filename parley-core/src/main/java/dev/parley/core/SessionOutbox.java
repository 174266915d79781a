package dev.parley.core;

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
 * only the frames produced while away are kept. Either way at most {@code limit} frames and
 * {@code limitBytes} bytes (by {@link FrameSize}), and only as many bytes as the shared
 * {@link BacklogBudget} grants its source (the session's address) and all: past any of these a live
 * session forgets its own oldest frames (a resume that needs them fails), and an away session is ended ({@code onOverflow}).
 *
 * <p>Everything is guarded by {@code this}. It is a leaf lock (taken under room and call monitors,
 * never taking another), and what it calls only enqueues, so holding it is brief.
 */
final class SessionOutbox implements Outbox {
    private final HubMetrics metrics;
    private final int limit;
    private final long limitBytes;
    private final BacklogBudget budget;
    /** Whose share of {@link #budget} this session's backlog is taken from: its client's address, as the transport keys it. */
    private final Object source;
    /** Runs (once) when too much waits for an away session; must not take the callers' locks. */
    private final Runnable onOverflow;

    /** The live connection's outbox; null while away. Guarded by {@code this}. */
    private Outbox connection;
    /** The number of the last frame produced. Guarded by {@code this}. */
    private long sent;
    /** Frames the client may not have, numbered {@code sent - kept.size() + 1 .. sent}; made when first needed. Guarded by {@code this}. */
    private ArrayDeque<ServerFrame> kept;
    /** The {@link FrameSize} of what {@link #kept} holds, all of it reserved from {@link #budget}. Guarded by {@code this}. */
    private long keptBytes;
    /** The client acknowledges what it receives. Guarded by {@code this}. */
    private boolean acking;
    /** The highest frame dropped from {@link #kept} unacknowledged (the client was too slow to say): a resume must not need it. Guarded by {@code this}. */
    private long droppedThrough;
    /** Too much waited while away: the session cannot be resumed faithfully. Guarded by {@code this}. */
    private boolean overflowed;
    /** Where numbered frames of an acknowledging client are copied, and whose they are; set before welcome. Guarded by {@code this}. */
    private FrameMirror mirror = FrameMirror.NONE;
    private java.util.function.Supplier<String> owner = () -> null;
    /** The session has ended: nothing is kept any more (a relay racing the end must not reserve bytes nobody frees). Guarded by {@code this}. */
    private boolean discarded;

    SessionOutbox(Outbox connection, HubMetrics metrics, int limit, long limitBytes, BacklogBudget budget, Object source,
                  Runnable onOverflow) {
        this.source = source;
        this.connection = connection;
        this.metrics = metrics;
        this.limit = limit;
        this.limitBytes = limitBytes;
        this.budget = budget;
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
        if (acking && !discarded) mirror.sent(owner.get(), sent, frame);
        if (connection != null) {
            connection.deliver(frame);
            if (acking && !discarded) keepWhileAttached(frame);
        } else if (!overflowed && !discarded) {
            long size = FrameSize.of(frame);
            if (keptCount() >= limit || keptBytes + size > limitBytes || !budget.reserve(source, size)) {
                overflowed = true;
                forget();
                onOverflow.run();
            } else {
                keep(frame, size);
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

    @Override
    public synchronized void closeTryAgainLater(String reason) {
        if (connection != null) connection.closeTryAgainLater(reason);
    }

    /** Copies the numbered frames of an acknowledging client to {@code mirror}, as frames of the session {@code owner} names. */
    synchronized void mirrorTo(FrameMirror mirror, java.util.function.Supplier<String> owner) {
        this.mirror = mirror;
        this.owner = owner;
    }

    /** From now on the client acknowledges; frames are kept until it does. */
    synchronized void expectAcks() {
        acking = true;
    }

    synchronized boolean acking() {
        return acking;
    }

    /** The client has received {@code received} frames: forget those. A count past what was sent is ignored. */
    synchronized void ack(long received) {
        if (received > sent) return;
        if (acking) mirror.forget(owner.get(), received);
        if (kept == null) return;
        while (!kept.isEmpty() && firstKept() <= received) release(kept.poll());
        if (kept.isEmpty()) kept = null; // an idle session keeps nothing
    }

    /** The connection is gone: keep what comes until a new one attaches. */
    synchronized void detach() {
        connection = null;
        if (!acking) forget(); // everything sent so far is taken as received
    }

    /** The session has ended: give back what it kept, and keep nothing more. */
    synchronized void discard() {
        discarded = true;
        forget();
    }

    /** Whose share of the backlog budget this session spends. */
    Object source() {
        return source;
    }

    /** The connection that the session now goes out on, or null while away. */
    synchronized Outbox connection() {
        return connection;
    }

    /** Bytes kept now (by {@link FrameSize}). */
    synchronized long keptBytes() {
        return keptBytes;
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
            if (!acking) forget();
        }
        return true;
    }

    /** What a resume elsewhere needs, while the session is away; null if it could not be resumed faithfully. */
    synchronized ParkedSession.Backlog export() {
        if (overflowed || discarded) return null;
        return new ParkedSession.Backlog(sent, acking, droppedThrough, kept == null ? java.util.List.of() : java.util.List.copyOf(kept));
    }

    /**
     * Takes on the state of a session taken over from another node, as if it had been away here:
     * false (keeping nothing) if its frames do not fit this node's backlog bounds.
     */
    synchronized boolean restore(ParkedSession.Backlog backlog) {
        connection = null;
        sent = backlog.sent();
        acking = backlog.acking();
        droppedThrough = backlog.droppedThrough();
        for (ServerFrame frame : backlog.kept()) {
            long size = FrameSize.of(frame);
            if (keptCount() >= limit || keptBytes + size > limitBytes || !budget.reserve(source, size)) {
                overflowed = true;
                forget();
                return false;
            }
            keep(frame, size);
        }
        return true;
    }

    private void restartNumbering() {
        sent = 0;
        forget();
        droppedThrough = 0;
        overflowed = false;
    }

    /**
     * Keeps a frame just sent until the client acknowledges it. The session pays for its own
     * backlog: its oldest frames go to stay within its own bounds and, when its source's share or
     * the shared budget is spent, to make room there; it never takes room from another session.
     * A source's sessions can so hold at most its share, and what is left of the budget stays for
     * the sessions of other sources.
     */
    private void keepWhileAttached(ServerFrame frame) {
        long dropped = droppedThrough;
        keepOrDrop(frame);
        if (droppedThrough > dropped) mirror.forget(owner.get(), droppedThrough);
    }

    private void keepOrDrop(ServerFrame frame) {
        long size = FrameSize.of(frame);
        while (!budget.reserve(source, size)) {
            if (keptCount() == 0) {
                droppedThrough = sent; // not even this one can be kept
                return;
            }
            dropOldest(sent - 1); // the new frame is not in kept yet
        }
        keep(frame, size);
        while (keptCount() > limit || keptBytes > limitBytes) dropOldest(sent);
    }

    /** Drops the oldest kept frame, unacknowledged; {@code newest} is the number of the last kept one. */
    private void dropOldest(long newest) {
        droppedThrough = newest - keptCount() + 1;
        release(kept.poll());
        if (kept.isEmpty()) kept = null;
    }

    /** Keeps a frame whose {@code size} is already reserved. */
    private void keep(ServerFrame frame, long size) {
        if (kept == null) kept = new ArrayDeque<>();
        kept.add(frame);
        keptBytes += size;
    }

    private void release(ServerFrame frame) {
        long size = FrameSize.of(frame);
        keptBytes -= size;
        budget.release(source, size);
    }

    /** Forgets everything kept, giving its bytes back. */
    private void forget() {
        budget.release(source, keptBytes);
        keptBytes = 0;
        kept = null;
    }

    private int keptCount() {
        return kept == null ? 0 : kept.size();
    }

    /** The number of the oldest kept frame (sent + 1 when none is kept). */
    private long firstKept() {
        return sent - keptCount() + 1;
    }
}
