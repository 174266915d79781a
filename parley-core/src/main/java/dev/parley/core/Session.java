package dev.parley.core;

import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client connection as the core sees it. Thread confinement: {@link #rooms} and the
 * hello/close life cycle are only touched by the session's own inbound sequence (see
 * {@link Hub}); {@link #call} is shared with other sessions and changes only by compare-and-set.
 */
public final class Session {
    /** Random at first; hello may restore an earlier id the client proves it held. Set before anyone else sees the session. */
    private volatile String id = Ids.next();
    private final SessionOutbox outbox;
    /** The host name the client used to reach the server, or null. */
    private final String host;
    private final long startedNanos = System.nanoTime();

    /** Set once by hello, before anyone else can see the session; read by others afterwards. */
    private volatile String name;
    private volatile boolean greeted;
    private volatile boolean closed;
    /** Closed for a policy reason (rate limit, bad token): such a session is never held for resuming. */
    private volatile boolean refused;
    /** Its connection dropped and it waits to be resumed; changes only hands of the hub's away registry. */
    private volatile boolean away;

    /** Rooms this session sits in, by name, in join order. Confined to the session's inbound sequence. */
    final Set<String> rooms = new LinkedHashSet<>();

    /** The direct call this session is in, ringing or active; {@link Call#GONE} once closed. */
    final AtomicReference<Call> call = new AtomicReference<>();

    /** Confined to the session's inbound sequence. */
    final MessageBudget budget;
    /** The transport's count of this session, given back when the session ends (not when its connection does). */
    private final SessionSlot slot;
    /** Whether {@link #slot} is taken; set by {@link #count}, cleared once by {@link #end}. */
    private final java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean();
    /** What the session may do; set at hello, read in its inbound sequence. */
    Access.Grant grant;

    /**
     * {@code onOverflow} is told when more waits for this session while it is away than it may keep;
     * {@code source} is whose share of the backlog budget it spends (its client's address, as the transport keys it).
     */
    Session(Outbox connection, String host, SessionGuards guards, long nowNanos, HubMetrics metrics, ResumePolicy resume,
            BacklogBudget backlogs, Object source, java.util.function.Consumer<Session> onOverflow, SessionSlot slot) {
        this.outbox = new SessionOutbox(connection, metrics, resume.backlogFrames(), resume.backlogBytes(), backlogs, source,
                () -> onOverflow.accept(this));
        this.slot = slot;
        this.host = host;
        this.budget = new MessageBudget(guards, nowNanos);
    }

    public String host() {
        return host;
    }

    public String id() {
        return id;
    }

    /** Whether this session id is a translated client's ({@link Hub#openTranslated}): it begins with {@code ~}, no other does. */
    public static boolean isTranslated(String id) {
        return id.startsWith(Ids.TRANSLATED);
    }

    /** The name given in hello, or {@code null} for an anonymous session. */
    public String name() {
        return name;
    }

    /** Whether its client acknowledges what it receives (said so in hello). */
    public boolean acknowledges() {
        return outbox.acking();
    }

    public boolean isClosed() {
        return closed;
    }

    long ageMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    public Peer peer() {
        return new Peer(id, name);
    }

    boolean greeted() {
        return greeted;
    }

    void greet(String name) {
        this.name = name;
        this.greeted = true;
    }

    /** Asks the transport to end the connection (1008); {@link Hub#close} follows when it is gone. */
    void closeForPolicy(String reason) {
        refused = true;
        outbox.closeForPolicy(reason);
    }

    boolean refused() {
        return refused;
    }

    boolean isAway() {
        return away;
    }

    void setAway(boolean away) {
        this.away = away;
    }

    SessionSlot slot() {
        return slot;
    }

    SessionOutbox outbox() {
        return outbox;
    }

    /** Takes an id the client proved it held before the server restarted; only before hello completes. */
    void restoreId(String id) {
        if (greeted) throw new IllegalStateException("the session is already known by its id");
        this.id = id;
    }

    void markClosed() {
        closed = true;
    }

    /** Counts the session with the transport if it is not yet: null when it is counted, else why it may not be. */
    String count() {
        if (counted.get()) return null;
        String refused = slot.take();
        if (refused == null) counted.set(true);
        return refused;
    }

    /** The session is over: give back what it kept and its count with the transport (once). */
    void end() {
        outbox.discard();
        if (counted.getAndSet(false)) slot.release();
    }

    /** Ends the connection because the server has no room for another session (WebSocket close 1013). */
    void closeTryAgainLater(String reason) {
        refused = true;
        outbox.closeTryAgainLater(reason);
    }

    void send(ServerMessage message) {
        outbox.deliver(new ServerFrame(null, message));
    }

    void reply(String ref, ServerMessage message) {
        outbox.deliver(new ServerFrame(ref, message));
    }

    @Override
    public String toString() {
        return name == null ? id : id + "(" + name + ")";
    }
}
