package dev.parley.core;

import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage;
import java.util.List;
import java.util.Objects;

/**
 * A session its node has set aside (its client gone, the node stopping or asked by another), for
 * a node its client reaches next to take over: everything a resume needs besides what the shared
 * state keeps (seats, name, call).
 *
 * @param name its name, or null
 * @param host the host name its client used, or null
 * @param rooms the rooms it sits in, in join order
 * @param backlog its outbox's numbering and what its client may not have; null when that was lost
 *     (its node died): then it cannot be resumed faithfully, only ended
 * @param since what was sent to it while it was set aside, in order, after {@code backlog}
 */
public record ParkedSession(String id, String name, String host, List<String> rooms, Backlog backlog, List<ServerMessage> since) {
    public ParkedSession {
        Objects.requireNonNull(id, "id");
        rooms = List.copyOf(rooms);
        since = List.copyOf(since);
    }

    /**
     * A session outbox's state (see {@link SessionOutbox}): frames are numbered 1, 2, … after
     * {@code welcome}; {@code kept} are the last ones, up to {@code sent}, that its client may not have.
     *
     * @param droppedThrough the highest frame dropped unacknowledged: a resume must not need it
     */
    public record Backlog(long sent, boolean acking, long droppedThrough, List<ServerFrame> kept) {
        public Backlog {
            kept = List.copyOf(kept);
            if (kept.size() > sent) throw new IllegalArgumentException("more frames kept than sent");
        }
    }

    /** Whether it can be resumed faithfully. */
    public boolean resumable() {
        return backlog != null;
    }
}
