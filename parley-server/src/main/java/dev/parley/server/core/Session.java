package dev.parley.server.core;

import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client connection as the core sees it. Thread confinement: {@link #rooms} and the
 * hello/close life cycle are only touched by the session's own inbound sequence (see
 * {@link Hub}); {@link #call} is shared with other sessions and changes only by compare-and-set.
 */
public final class Session {
    private final String id = Ids.next();
    private final Outbox outbox;
    /** The host name the client used to reach the server, or null. */
    private final String host;
    private final long startedNanos = System.nanoTime();

    /** Set once by hello, before anyone else can see the session; read by others afterwards. */
    private volatile String name;
    private volatile boolean greeted;
    private volatile boolean closed;

    /** Rooms this session sits in, by name. Confined to the session's inbound sequence. */
    final Map<String, Room> rooms = new LinkedHashMap<>();

    /** The direct call this session is in, ringing or active; {@link Call#GONE} once closed. */
    final AtomicReference<Call> call = new AtomicReference<>();

    /** Confined to the session's inbound sequence. */
    final MessageBudget budget;
    /** What the session may do; set at hello, read in its inbound sequence. */
    Access.Grant grant;

    Session(Outbox outbox, String host, SessionGuards guards) {
        this.outbox = outbox;
        this.host = host;
        this.budget = new MessageBudget(guards, System.nanoTime());
    }

    public String host() {
        return host;
    }

    public String id() {
        return id;
    }

    /** The name given in hello, or {@code null} for an anonymous session. */
    public String name() {
        return name;
    }

    public boolean isClosed() {
        return closed;
    }

    long ageMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    Peer peer() {
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
        outbox.closeForPolicy(reason);
    }

    void markClosed() {
        closed = true;
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
