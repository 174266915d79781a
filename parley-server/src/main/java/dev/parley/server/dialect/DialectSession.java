package dev.parley.server.dialect;

import dev.parley.core.Hub;
import dev.parley.core.Outbox;
import dev.parley.core.Session;
import dev.parley.core.SessionSlot;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage.Welcome;
import dev.parley.turn.policy.SourceKey;
import java.net.InetSocketAddress;

/**
 * A Parley session driven by a seed's dialect: the dialect translates what its client sends into
 * {@link ClientMessage}s and hands them in here, and gets every {@link ServerFrame} the hub produces
 * for the session through its {@link Link} to translate back. So a dialect client is an ordinary
 * session to the {@link Hub}: it says {@code hello} with a name, and Parley's names, calls, rooms,
 * limits, rate budget, metrics and TURN credentials apply to it as to any other.
 *
 * <p>It knows nothing of the transport: the link is where frames go and how the connection is
 * ended (a WebSocket close code, or a socket.io disconnect). A dialect client cannot resume a
 * Parley session, so its session normally ends with its connection ({@link #close});
 * {@link #disconnect} is there for a dialect that can take a session back with the resume token
 * ({@link #resumeToken}).
 *
 * <p>Threading: {@link #open}, {@link #send}, {@link #reject}, {@link #ping}, {@link #spend},
 * {@link #close} and {@link #disconnect} are the session's inbound sequence: the transport calls
 * them one at a time, in order (the hub's rule), e.g. on the connection's event loop. The link's
 * methods are called from any thread, often while the core holds a room's or call's lock: they
 * must only enqueue (or take a lock of their own that nothing else is taken under), never call
 * back into the hub.
 */
public final class DialectSession {
    /** How the core (or the dialect) wants the connection ended. */
    public enum Closing {
        /** For something the client did (WebSocket 1008): a flood, no hello in time, a refused name or token. */
        POLICY,
        /** Another connection took this one's place (WebSocket 4001: do not reconnect). */
        REPLACED,
        /** The server has no room for the session now (WebSocket 1013: try again later). */
        TRY_AGAIN_LATER
    }

    /** The dialect's side of the session. */
    public interface Link {
        /** A frame for the client, to translate and queue. Any thread; only enqueue. */
        void deliver(ServerFrame frame);

        /** Ends the connection, after what is queued, with this reason for the client. Any thread; only enqueue. */
        void close(Closing how, String reason);
    }

    private final Hub hub;
    /** The session the connection carries; a resuming hello may swap it. Confined to the inbound sequence. */
    private Session session;
    /** From the last welcome; written by the outbox (any thread). */
    private volatile String resumeToken;

    private DialectSession(Hub hub) {
        this.hub = hub;
    }

    /**
     * Opens a session for a new connection from {@code remote}, reached by {@code host} (one of the
     * server's own names, or null), counted with {@code slot} (per address and in total: see
     * {@link Hub#open(Outbox, String, String, Object, SessionSlot)}). Nothing is said yet: the
     * dialect sends {@code hello} next, within the hello timeout.
     */
    public static DialectSession open(Hub hub, Link link, InetSocketAddress remote, String host, SessionSlot slot) {
        var dialect = new DialectSession(hub);
        dialect.session = hub.openTranslated(dialect.new Box(link), String.valueOf(remote), host, SourceKey.of(remote.getAddress()), slot);
        return dialect;
    }

    /** Hands one translated message to the hub (no request id: replies come without {@code ref}). */
    public void send(ClientMessage message) {
        send(null, message);
    }

    /** Hands one translated message to the hub; its replies carry {@code id} as {@code ref}. */
    public void send(String id, ClientMessage message) {
        session = hub.handle(session, new ClientFrame(id, message));
    }

    /** Input that could not be translated (not JSON, unknown type, a wrong field): spends the budget, answers an error frame. */
    public void reject(ProtocolException e) {
        hub.reject(session, e);
    }

    /** A transport ping: spends one message of the budget; whether to answer it. */
    public boolean ping() {
        return hub.ping(session);
    }

    /**
     * Input the dialect handles itself without the hub (a message about a call that has ended, a
     * reply it makes up): it still costs one message of the rate budget, and a flood of it closes
     * the session like any flood. False when over the budget: then do nothing for it.
     */
    public boolean spend() {
        return hub.ping(session);
    }

    /** The connection ended (or the dialect ends it): the session ends at once, peers are told, the name goes offline. */
    public void close() {
        hub.close(session);
    }

    /** The connection was lost and the dialect can resume: the session is held for the resume grace. */
    public void disconnect() {
        hub.disconnect(session);
    }

    /** The core's session, for its id and name (read-only use). */
    public Session session() {
        return session;
    }

    /** The resume token from the last {@code welcome}, or null (none yet, or the server keeps no sessions). */
    public String resumeToken() {
        return resumeToken;
    }

    /** The session's outbox: remembers the resume token, hands everything to the dialect. */
    private final class Box implements Outbox {
        private final Link link;

        Box(Link link) {
            this.link = link;
        }

        @Override
        public void deliver(ServerFrame frame) {
            if (frame.message() instanceof Welcome w) resumeToken = w.resumeToken();
            link.deliver(frame);
        }

        @Override
        public void closeForPolicy(String reason) {
            link.close(Closing.POLICY, reason);
        }

        @Override
        public void closeReplaced() {
            link.close(Closing.REPLACED, "session taken over by a new connection");
        }

        @Override
        public void closeTryAgainLater(String reason) {
            link.close(Closing.TRY_AGAIN_LATER, reason);
        }
    }
}
