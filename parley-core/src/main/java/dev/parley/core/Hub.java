package dev.parley.core;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ClientMessage.Accept;
import dev.parley.protocol.ClientMessage.Ack;
import dev.parley.protocol.ClientMessage.Call;
import dev.parley.protocol.ClientMessage.Hangup;
import dev.parley.protocol.ClientMessage.Hello;
import dev.parley.protocol.ClientMessage.Join;
import dev.parley.protocol.ClientMessage.Leave;
import dev.parley.protocol.ClientMessage.Reject;
import dev.parley.protocol.ClientMessage.SendCallSignal;
import dev.parley.protocol.ClientMessage.SendMessage;
import dev.parley.protocol.ClientMessage.SendSignal;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Welcome;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signaling core: takes decoded client messages from any transport and routes them to
 * {@link Rooms}, {@link Calls} and the {@link NameDirectory}. It knows nothing of sockets or JSON.
 *
 * <h2>Threading model</h2>
 * The transport must hand each session's events ({@link #open}, every {@link #handle}, then
 * {@link #close}) in one at a time, in order; different sessions run in parallel on any threads.
 * So state that belongs to one session ({@link Session#rooms}) needs no lock. State shared between
 * sessions has one owner each: a {@link Room}'s monitor for its seats, a {@link Call}'s monitor for
 * its state, the {@link LocalDirectory}'s monitor for names and presence, and a compare-and-set slot
 * per session for "is in a call". Messages about a thing are queued while its lock is held, so
 * everyone sees them in the same order (e.g. {@code joined} before any relayed payload; two
 * joiners racing for the last seat take turns on the room's monitor and only one gets in). Locks
 * are never nested (a session's {@link SessionOutbox} monitor is a leaf under them), and outboxes
 * only enqueue, so no lock waits on I/O. Those owners are the in-memory {@link SharedState}'s; a
 * cluster's own each step otherwise (one Redis script), with the same ordering promises.
 *
 * <h2>Lost connections</h2>
 * A session outlives a dropped connection ({@link #disconnect}) for the {@link ResumePolicy}'s
 * grace: it keeps its seats, call and name, its peers hear {@code peer-away}, and what they send it
 * waits in its outbox. A {@code hello} with its resume token takes it over (the session's inbound
 * sequence passes to the new connection through {@link AwaySessions}); otherwise the grace timer
 * ends it as if it had closed. A deliberate close ({@link #close}) ends a session at once. In a
 * cluster the token may be presented to another node, which takes the session over
 * ({@link NodeSessions}, {@link SessionRegistry#takeOver}).
 */
public final class Hub {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private final SignalingConfig config;
    private final NameDirectory directory;
    private final SessionRegistry registry;
    private final Rooms rooms;
    private final Calls calls;

    private final ScheduledExecutorService timers;
    private final HubMetrics metrics;
    private final Access access;
    private final ResumeTokens resumeTokens;
    /** This node's sessions, by id and held away. */
    private final NodeSessions sessions;
    private final AwaySessions away;
    /** Monotonic time in nanoseconds for rate budgets; tests may drive it by hand. */
    private final LongSupplier nanoClock;

    public Hub(SignalingConfig config, ScheduledExecutorService timers) {
        this(config, timers, HubMetrics.NONE, Access.OPEN);
    }

    public Hub(SignalingConfig config, ScheduledExecutorService timers, HubMetrics metrics, Access access) {
        this(config, timers, metrics, access, System::nanoTime);
    }

    Hub(SignalingConfig config, ScheduledExecutorService timers, HubMetrics metrics, Access access, LongSupplier nanoClock) {
        this(config, timers, metrics, access, nanoClock, SharedState.IN_MEMORY);
    }

    /** With the shared state {@code shared} makes for this node's sessions (see {@link SharedState}). */
    public Hub(SignalingConfig config, ScheduledExecutorService timers, HubMetrics metrics, Access access, LongSupplier nanoClock,
               java.util.function.Function<LocalSessions, SharedState> shared) {
        this.sessions = new NodeSessions(config, metrics, nanoClock);
        this.away = sessions.away();
        SharedState state = shared.apply(sessions);
        this.directory = state.names();
        this.registry = state.sessions();
        this.nanoClock = nanoClock;
        this.access = access;
        this.timers = timers;
        this.metrics = metrics;
        this.config = config;
        this.rooms = new Rooms(state.rooms(), config.roomCapacity(), config.maxRoomsPerSession());
        this.calls = new Calls(state.calls(), directory, timers, config.callTimeout(), metrics);
        this.resumeTokens = new ResumeTokens(config.resume().key());
        sessions.wire(this::close, held -> timers.execute(() -> expire(held, "overflow")), state.mirror(), registry);
    }

    /**
     * A new connection. {@code remote} describes it for the log (an address, say); {@code host} is
     * the name the client reached this server by, or null. Its session counts against nothing and
     * spends a backlog share of its own.
     */
    public Session open(Outbox outbox, String remote, String host) {
        return open(outbox, remote, host, new Object(), SessionSlot.NONE);
    }

    /**
     * A new connection, as {@link #open(Outbox, String, String)}; {@code onEnd} runs once when its
     * session ends, which for a session held away after its connection dropped is later than the
     * connection.
     */
    public Session open(Outbox outbox, String remote, String host, Runnable onEnd) {
        return open(outbox, remote, host, new Object(), SessionSlot.onEnd(onEnd));
    }

    /**
     * A new connection from {@code source}: an opaque key for the client's address (compared with
     * {@code equals}), whose sessions together keep at most the policy's backlog share per source.
     * The session is counted with {@code slot} now, last, so nothing can fail after a count is
     * taken; it stays counted until it ends, which for a session held away after its connection
     * dropped is later than the connection.
     *
     * <p>If the slot has no room now the connection is still let in, uncounted, but only to resume:
     * its {@code hello} must take back a session that is counted already (one held away, or still
     * connected elsewhere), or find room then; else it is closed with 1013 and the slot's reason. So
     * a client at its address's limit can still resume its own session after a dropped connection.
     * Such connections hold no session state, and are bounded by the transport's connection caps
     * and the hello timeout.
     */
    public Session open(Outbox outbox, String remote, String host, Object source, SessionSlot slot) {
        return open(outbox, remote, host, source, slot, false);
    }

    /**
     * As {@link #open(Outbox, String, String, Object, SessionSlot)}, for a client of another protocol translated at the edge: its id is
     * marked ({@link Session#isTranslated}) so dialects tell such peers from Parley's own, whose part in a negotiation may differ.
     */
    public Session openTranslated(Outbox outbox, String remote, String host, Object source, SessionSlot slot) {
        return open(outbox, remote, host, source, slot, true);
    }

    private Session open(Outbox outbox, String remote, String host, Object source, SessionSlot slot, boolean translated) {
        Session s = sessions.create(outbox, host, source, slot);
        if (translated) s.restoreId(Ids.translated());
        timers.schedule(() -> {
            if (!s.greeted() && !s.isClosed()) {
                log.info("session {} said no hello within {}", s.id(), config.guards().helloTimeout());
                s.closeForPolicy("no hello within " + config.guards().helloTimeout().toSeconds() + " s");
            }
        }, config.guards().helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
        String full = s.count();
        log.info("session {} started from {}{}", s.id(), remote, full == null ? "" : " (may only resume: " + full + ")");
        return s;
    }

    /** Spends one message of the session's budget; past it, answers rate-limited, and cuts off a flood. */
    private boolean withinBudget(Session s, String ref, String requestType) {
        if (spend(s)) return true;
        if (!s.refused()) reject(s, new ErrorReply(ErrorCode.RATE_LIMITED, "too many messages; slow down", requestType), ref);
        return false;
    }

    /** Spends one message of the session's budget; false past it, closing the session (1008) once it has kept on too long. */
    private boolean spend(Session s) {
        if (s.budget.spend(nanoClock.getAsLong())) return true;
        metrics.rateLimited();
        if (s.budget.abused() && !s.refused()) {
            log.info("session {} kept sending past its rate limit; closing", s);
            s.closeForPolicy("rate limit exceeded");
        }
        return false;
    }

    /**
     * A transport-level ping (a WebSocket ping frame) from the session's client: it costs a message
     * like any other, so pings cannot be a free flood. Returns whether to answer it.
     */
    public boolean ping(Session s) {
        return !s.isClosed() && spend(s);
    }

    /**
     * Handles one frame of the connection's session. Returns the session the connection carries on
     * with: {@code s}, or after a {@code hello} that resumed one, that session.
     */
    public Session handle(Session s, ClientFrame frame) {
        String ref = frame.id();
        try {
            if (s.isClosed()) return s;
            metrics.messageIn(frame.message().type());
            if (!withinBudget(s, ref, frame.message().type())) return s;
            if (!s.greeted() && !(frame.message() instanceof Hello)) {
                throw new ProtocolException(ErrorCode.HELLO_REQUIRED, "send hello first");
            }
            switch (frame.message()) {
                case Hello m -> {
                    return hello(s, m, ref);
                }
                case Ack m -> s.outbox().ack(m.received());
                case Join m -> {
                    if (!s.grant.rooms().test(m.room())) throw forbidden("your access does not include room '" + m.room() + "'");
                    rooms.join(s, m.room(), m.signal(), ref);
                }
                case Leave m -> rooms.leave(s, m.room(), ref);
                case SendMessage m -> rooms.message(s, m.room(), m.data());
                case SendSignal m -> rooms.signal(s, m.room(), m.to(), m.data());
                case Call m -> {
                    if (!s.grant.mayCall()) throw forbidden("your access does not include placing calls");
                    calls.call(s, m.to(), m.resume(), ref);
                }
                case Accept m -> calls.accept(s, m.call(), ref);
                case Reject m -> calls.reject(s, m.call(), m.reason(), ref);
                case Hangup m -> calls.hangup(s, m.call(), ref);
                case SendCallSignal m -> calls.signal(s, m.call(), m.data());
            }
        } catch (ProtocolException e) {
            reject(s, new ErrorReply(e.code(), e.getMessage(), frame.message().type()), ref);
        } catch (SharedStateUnavailable e) {
            log.warn("session {}: {} refused: {}", s, frame.message().type(), e.getMessage());
            reject(s, new ErrorReply(ErrorCode.UNAVAILABLE, "the cluster is unavailable; try again in a moment", frame.message().type()), ref);
        } catch (RuntimeException e) {
            log.error("session {}: {} failed", s, frame.message().type(), e);
            reject(s, new ErrorReply(ErrorCode.INTERNAL, "the server failed to handle this request", frame.message().type()), ref);
        }
        return s;
    }

    /** Answers a frame that could not even be decoded. */
    public void reject(Session s, ProtocolException e) {
        if (s.isClosed() || !withinBudget(s, e.ref(), e.requestType())) return;
        reject(s, new ErrorReply(e.code(), e.getMessage(), e.requestType()), e.ref());
    }

    /**
     * The connection was lost (not closed by the client): hold the session for resuming if it may
     * be, else end it. Idempotent.
     */
    public void disconnect(Session s) {
        if (s.isClosed() || s.isAway()) return;
        if (!config.resume().enabled() || !s.greeted() || s.refused()) {
            close(s);
            return;
        }
        s.outbox().detach();
        // Told before the session can be resumed, so nobody hears peer-back before peer-away.
        rooms.away(s);
        calls.away(s, true);
        away.hold(s);
        metrics.resume("away");
        log.info("session {} lost its connection; held for {} s", s, config.resume().grace().toSeconds());
        timers.schedule(() -> expire(s, "expired"), config.resume().grace().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void expire(Session s, String why) {
        if (!away.take(s)) return;
        metrics.resume(why);
        log.info("session {} was not resumed ({})", s, why);
        close(s);
    }

    /** The connection is gone for good (or the session ended): leave every room, hang up, go offline. Idempotent. */
    public void close(Session s) {
        if (s.isClosed()) return;
        away.take(s);
        s.markClosed();
        s.end();
        sessions.unlist(s);
        metrics.sessionClosed();
        rooms.leaveAll(s);
        calls.disconnected(s);
        directory.release(s);
        if (s.greeted()) registry.ended(s);
        log.info("session {} ended after {} ms", s, s.ageMillis());
    }

    /** Sessions online by name, rooms with members, calls ringing or active: a snapshot for health and metrics. */
    public Stats stats() {
        return new Stats(directory.online(), rooms.count(), calls.count(), away.count());
    }

    public record Stats(int namedSessions, int rooms, int calls, int awaySessions) {}

    /** Bytes all sessions' resume backlogs hold now (by {@link FrameSize}), within the policy's budget. */
    public long backlogBytes() {
        return sessions.backlogBytes();
    }

    private static ProtocolException forbidden(String why) {
        return new ProtocolException(ErrorCode.FORBIDDEN, why);
    }

    private Session hello(Session s, Hello hello, String ref) {
        if (s.greeted()) throw new ProtocolException(ErrorCode.HELLO_REPEATED, "this session already said hello");
        Access.Grant grant;
        try {
            grant = access.admit(hello.name(), hello.token());
        } catch (ProtocolException e) {
            // No second guesses on one connection: a wrong token costs a reconnect.
            s.reply(ref, new ErrorReply(e.code(), e.getMessage(), "hello"));
            s.closeForPolicy("unauthorized");
            return s;
        }
        // Before anything else: a name that hides characters or mixes look-alike scripts is refused, not held.
        if (grant.name() != null) Names.requireShowable(grant.name());
        String claimed = hello.resume() == null || !config.resume().enabled() ? null : resumeTokens.verify(hello.resume());
        boolean restored = false;
        SessionRegistry.TakeOver elsewhere = claimed == null || sessions.contains(claimed) ? null : registry.takeOver(claimed, grant.name());
        if (elsewhere instanceof SessionRegistry.TakeOver.NotYours) claimed = null; // as if the token were not ours
        if (claimed != null) {
            Session held = sessions.get(claimed);
            if (held == null && elsewhere != null) held = sessions.takeOver(s, elsewhere);
            if (held == null) {
                s.restoreId(claimed);
                restored = true;
            } else if (Objects.equals(keyOf(held.name()), keyOf(grant.name()))) {
                if (away.take(held)) {
                    Session resumed = resume(s, held, grant, hello, ref);
                    if (resumed != null) return resumed;
                    s.restoreId(claimed);
                    restored = true;
                } else {
                    // The old connection has not noticed it is dead (or is another tab): end it, and
                    // let the client ask again once the session is held.
                    held.outbox().closeReplaced();
                    throw new ProtocolException(ErrorCode.SESSION_IN_USE,
                            "this session is still connected elsewhere; that connection is being closed, say hello again in a moment");
                }
            }
        }
        // Not resuming a counted session: this one is new (or restored after a restart) and needs room.
        String full = s.count();
        if (full != null) {
            log.info("session {} refused: {}", s.id(), full);
            s.closeTryAgainLater(full);
            return s;
        }
        s.grant = grant;
        if (hello.acks()) s.outbox().expectAcks();
        String name = grant.name();
        boolean restoredId = restored;
        Runnable greet = () -> {
            sessions.list(s); // two connections restoring one id at once: the second gets a fresh one
            s.greet(name);
            registry.greeted(s);
            s.reply(ref, welcome(s, false));
            if (restoredId) metrics.resume("restored");
        };
        if (name == null) {
            greet.run();
        } else if (!directory.claim(s, name, greet)) {
            throw new ProtocolException(ErrorCode.NAME_TAKEN, "the name '" + name + "', or one that looks the same, is in use; pick another");
        }
        log.info("session {} said hello{}", s, restored ? " (its id restored)" : "");
        return s;
    }

    /**
     * Hands the held session to the connection of {@code placeholder}, which said hello with its
     * token. The caller owns {@code held} (took it from {@link #away}). Returns null if it cannot be
     * resumed faithfully (messages for it were lost), after ending it.
     */
    private Session resume(Session placeholder, Session held, Access.Grant grant, Hello hello, String ref) {
        held.grant = grant;
        if (!held.outbox().attach(placeholder.outbox().connection(), new ServerFrame(ref, welcome(held, true)), hello.received())) {
            metrics.resume("overflow");
            close(held);
            return null;
        }
        // The placeholder only ever stood for this connection; it ends without a trace.
        placeholder.markClosed();
        placeholder.end();
        metrics.sessionClosed();
        rooms.back(held);
        calls.away(held, false);
        registry.attached(held.id());
        metrics.resume("resumed");
        log.info("session {} resumed", held);
        return held;
    }

    private static String keyOf(String name) {
        return name == null ? null : Names.key(name);
    }

    private ServerMessage welcome(Session s, boolean resumed) {
        return new Welcome(s.id(), s.peer(), ServerMessage.PROTOCOL_VERSION, config.limits(),
                config.iceServers().forSession(s.id(), s.host()),
                config.resume().enabled() ? resumeTokens.issue(s.id()) : null, resumed);
    }

    private static void reject(Session s, ErrorReply error, String ref) {
        s.reply(ref, error);
    }
}
