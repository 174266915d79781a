package dev.parley.core;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's sessions: how each is made, the greeted ones by id, those held away, and what a
 * shared state may do with them ({@link LocalSessions}: deliver to them, set one aside for another
 * node, end one set aside). Ending a session is the {@link Hub}'s, which leaves its rooms and call.
 */
final class NodeSessions implements LocalSessions {
    private static final Logger log = LoggerFactory.getLogger(NodeSessions.class);

    /** Greeted, open sessions (away ones too) by id: whose id a resume token may take back. */
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final AwaySessions away = new AwaySessions();
    private final SignalingConfig config;
    private final HubMetrics metrics;
    private final LongSupplier nanoClock;
    /** The bytes every session's resume backlog holds, against the policy's budget. */
    private final BacklogBudget backlogs;
    /** Ends a session (set by the hub once it exists, before any session is made). */
    private Consumer<Session> close;
    /** Ends a session held away whose backlog overflowed. */
    private Consumer<Session> overflow;
    private FrameMirror mirror = FrameMirror.NONE;
    private SessionRegistry registry = SessionRegistry.NONE;

    NodeSessions(SignalingConfig config, HubMetrics metrics, LongSupplier nanoClock) {
        this.config = config;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.backlogs = new BacklogBudget(config.resume().backlogBudget(), config.resume().backlogPerSource());
    }

    /** Wiring the hub does once, before the first session. */
    void wire(Consumer<Session> close, Consumer<Session> overflow, FrameMirror mirror, SessionRegistry registry) {
        this.registry = registry;
        this.close = close;
        this.overflow = overflow;
        this.mirror = mirror;
    }

    /** A new session on {@code connection} (null: away from the start), spending {@code source}'s backlog share, counted with {@code slot}. */
    Session create(Outbox connection, String host, Object source, SessionSlot slot) {
        Session s = new Session(connection, host, config.guards(), nanoClock.getAsLong(), metrics, config.resume(), backlogs,
                source, overflow, slot);
        s.outbox().mirrorTo(mirror, s::id);
        metrics.sessionOpened();
        return s;
    }

    /** A session taken over from another node, as {@code p} describes it, greeted and by its id; not yet held away. */
    Session restore(ParkedSession p, Object source, SessionSlot slot) {
        Session s = create(null, p.host(), source, slot);
        s.restoreId(p.id());
        s.greet(p.name());
        s.rooms.addAll(p.rooms());
        byId.put(s.id(), s);
        return s;
    }

    Session get(String id) {
        return byId.get(id);
    }

    boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** Lists a greeted session by its id; one restoring an id already listed gets a fresh one. */
    void list(Session s) {
        if (byId.putIfAbsent(s.id(), s) != null) {
            s.restoreId(Ids.like(s.id()));
            byId.put(s.id(), s);
        }
    }

    void unlist(Session s) {
        byId.remove(s.id(), s);
    }

    AwaySessions away() {
        return away;
    }

    long backlogBytes() {
        return backlogs.used();
    }

    @Override
    public boolean deliver(String sessionId, ServerMessage message) {
        Session s = byId.get(sessionId);
        if (s == null) return false;
        s.send(message);
        return true;
    }

    @Override
    public Session session(String sessionId) {
        return byId.get(sessionId);
    }

    @Override
    public List<String> sessionIds() {
        return List.copyOf(byId.keySet());
    }

    /**
     * Sets aside a session of this node held away, for another node to take over (see
     * {@link ParkedSession}); it leaves this node without ending: its seats, name and call stay.
     * Returns null if this node holds no such session, or it is still connected (then its
     * connection is closed, so that it is held away when asked again).
     */
    @Override
    public ParkedSession park(String id) {
        Session s = byId.get(id);
        if (s == null || s.isClosed()) return null;
        if (!away.take(s)) {
            s.outbox().closeReplaced();
            return null;
        }
        ParkedSession parked = new ParkedSession(s.id(), s.name(), s.host(), List.copyOf(s.rooms), s.outbox().export(), List.of());
        s.markClosed();
        byId.remove(id, s);
        s.end();
        metrics.sessionClosed();
        metrics.resume("parked");
        log.info("session {} set aside for another node", s);
        return parked;
    }

    /**
     * A session this node does not hold, asked for by a client resuming it: another node's, which
     * sets it aside for this one (see {@link SessionRegistry#takeOver}). Returns it held away here,
     * or null if there is none to resume (the client starts afresh with its id).
     */
    Session takeOver(Session placeholder, SessionRegistry.TakeOver outcome) {
        return switch (outcome) {
            case SessionRegistry.TakeOver.Unknown u -> null;
            case SessionRegistry.TakeOver.NotYours n -> null;
            case SessionRegistry.TakeOver.Busy b -> throw new ProtocolException(ErrorCode.SESSION_IN_USE, b.why());
            case SessionRegistry.TakeOver.Taken t -> taken(placeholder, t.session());
        };
    }

    private Session taken(Session placeholder, ParkedSession p) {
        Session held = restore(p, placeholder.outbox().source(), placeholder.slot());
        boolean faithful = p.resumable() && held.count() == null && held.outbox().restore(p.backlog());
        p.since().forEach(held::send);
        if (!faithful) {
            log.info("session {} taken over but cannot be resumed faithfully; ending it", held);
            close.accept(held);
            registry.attached(p.id());
            return null;
        }
        away.hold(held);
        return held;
    }

    /**
     * Drops a session from this node without ending it in the shared state, which holds it
     * elsewhere now (or lost it), closing its connection with 1013 so its client reconnects.
     */
    @Override
    public void evict(String id, String why) {
        Session s = byId.get(id);
        if (s == null || s.isClosed()) return;
        away.take(s);
        s.closeTryAgainLater(why);
        s.markClosed();
        byId.remove(id, s);
        s.end();
        metrics.sessionClosed();
        log.info("session {} dropped from this node: {}", s, why);
    }

    @Override
    public void endNow(String id, String why) {
        Session s = byId.get(id);
        if (s == null || s.isClosed()) return;
        away.take(s);
        s.closeTryAgainLater(why);
        close.accept(s);
    }

    /** Ends a session set aside that nobody resumed in time (its seats, name and call go as if it had closed). */
    @Override
    public void end(ParkedSession p) {
        close.accept(restore(p, new Object(), SessionSlot.NONE));
    }
}
