package dev.parley.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.parley.core.Hub;
import dev.parley.core.Outbox;
import dev.parley.core.Session;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ClientMessage;
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
import dev.parley.protocol.Payload;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Welcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One client connection to one node, in process: the {@link Outbox} the hub writes to, and the
 * client's side of the protocol as a test drives it.
 *
 * <p>Like the WebSocket client, it keeps replies and events apart: a request ({@link #join},
 * {@link #call}, ...) is sent with an id and returns the frame that answers it; everything else
 * (frames without a ref, or whose ref no request waits for, such as replies resent after a resume)
 * is an event, read in order with {@link #next}, {@link #skipTo} and {@link #expectNothing}.
 * {@link #message}, {@link #signal}, {@link #callSignal} and {@link #ack} go without an id, as
 * clients send them: they have no reply, and a refusal arrives as an {@link ErrorReply} event.
 * {@link #frames} holds every frame received, replies and events, in the order they came, for
 * assertions about order between the two.
 *
 * <p>Waiting is bounded ({@link #WAIT}): on a cluster a delivery may come from another node's
 * thread. When nothing is there yet, {@link #next} first asks the nodes to {@link Nodes#settle}.
 *
 * <p>It closes as a transport would: a close asked for by the core ({@link #closeForPolicy} etc.) is
 * recorded ({@link #closed}), later frames are dropped, and the lost connection is reported to the
 * hub ({@link Hub#disconnect}) from the scheduler, never from inside the core's call.
 *
 * <p>Threading: the hub's inbound calls for this connection are made under {@link #inbound}, one
 * at a time and in order, as the hub requires; {@link #deliver} may come from any thread and only
 * enqueues.
 */
public final class TestClient implements Outbox {
    /** The longest any wait for a reply or an event lasts. */
    public static final Duration WAIT = Duration.ofSeconds(5);

    /** How the core asked for the connection to end. */
    public enum CloseKind { POLICY, REPLACED, TRY_AGAIN_LATER }

    public record Closed(CloseKind kind, String reason) {}

    private final Nodes nodes;
    private final int node;
    private final Hub hub;

    /** Serialises this connection's calls into the hub. */
    private final Object inbound = new Object();
    /** The session this connection carries; a resume swaps it. Written under {@link #inbound}. */
    private volatile Session session;
    /**
     * Request ids, unique across all test clients: frames resent after a resume carry the refs of the
     * old connection's requests, which must not answer a request of the new one.
     */
    private static final java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong();
    /** Requests waiting for their reply, by id. */
    private final Map<String, CompletableFuture<ServerMessage>> pending = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<ServerMessage> events = new LinkedBlockingQueue<>();

    /** Guards {@link #frames} and {@link #received}. */
    private final Object receiving = new Object();
    /** Every frame received, in order. Guarded by {@link #receiving}. */
    private final List<ServerFrame> frames = new ArrayList<>();
    /** Frames since the last welcome: the count the protocol's ack and resume use. Guarded by {@link #receiving}. */
    private int received;

    /** The count the last hello said it had received (0 if none): numbering goes on from it after a resume. */
    private volatile int resumedFrom;

    /** False once the connection is gone, either way; frames are dropped from then on. */
    private volatile boolean connected = true;
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();

    private volatile Welcome welcome;
    private volatile String name;
    private volatile boolean acks;
    private volatile ServerMessage lastReply;

    TestClient(Nodes nodes, int node) {
        this.nodes = nodes;
        this.node = node;
        this.hub = nodes.hub(node);
        this.session = hub.open(this, "test-client@node" + node, null);
    }

    // ---- Outbox: what the hub sends

    @Override
    public void deliver(ServerFrame frame) {
        if (!connected) return;
        synchronized (receiving) {
            frames.add(frame);
            if (frame.message() instanceof Welcome w) received = w.resumed() ? resumedFrom : 0;
            else received++;
        }
        CompletableFuture<ServerMessage> request = frame.ref() == null ? null : pending.remove(frame.ref());
        if (request != null) request.complete(frame.message());
        else events.add(frame.message());
    }

    @Override
    public void closeForPolicy(String reason) {
        closedByServer(new Closed(CloseKind.POLICY, reason));
    }

    @Override
    public void closeReplaced() {
        closedByServer(new Closed(CloseKind.REPLACED, "session taken over by a new connection"));
    }

    @Override
    public void closeTryAgainLater(String reason) {
        closedByServer(new Closed(CloseKind.TRY_AGAIN_LATER, reason));
    }

    private void closedByServer(Closed how) {
        if (!connected) return;
        connected = false;
        closed.complete(how);
        pending.values().forEach(r -> r.complete(null));
        // The transport notices the connection end later, on its own thread: never inside this call.
        nodes.scheduler().execute(() -> {
            synchronized (inbound) {
                hub.disconnect(session);
            }
        });
    }

    // ---- hello

    /** Says hello with this name (null: anonymous) and expects {@code welcome}. */
    public Welcome hello(String name) {
        return welcomed(hello(new Hello(name)));
    }

    /** Says hello as a client that acknowledges what it receives ({@code acks}), and expects {@code welcome}. */
    public Welcome helloAcking(String name) {
        return welcomed(hello(new Hello(name, null, null, null, true)));
    }

    /** Says this hello and returns the reply, whatever it is ({@code welcome}, an error, or null if the connection was closed instead). */
    public ServerMessage hello(Hello hello) {
        name = hello.name();
        acks = hello.acks();
        resumedFrom = hello.received() == null ? 0 : hello.received();
        ServerMessage reply = request(new ClientFrame(nextId(), hello));
        if (reply instanceof Welcome w) welcome = w;
        return reply;
    }

    /**
     * Takes over the session of a client whose connection was lost, as that client would on a new
     * connection: its name, resume token, its count of what it received (if it acknowledges) and
     * its {@code acks}. Returns the reply ({@code welcome} with {@code resumed} true if it worked).
     */
    public ServerMessage resume(TestClient lost) {
        return resume(lost, lost.acks ? lost.received() : null);
    }

    /** {@link #resume(TestClient)} saying it received {@code received} frames (null: it does not count). */
    public ServerMessage resume(TestClient lost, Integer received) {
        return hello(new Hello(lost.name, null, lost.welcome().resumeToken(), received, lost.acks));
    }

    private static Welcome welcomed(ServerMessage reply) {
        assertThat(reply).as("reply to hello").isInstanceOf(Welcome.class);
        return (Welcome) reply;
    }

    // ---- requests with a reply

    public ServerMessage join(String room) {
        return request(new Join(room));
    }

    public ServerMessage leave(String room) {
        return request(new Leave(room));
    }

    public ServerMessage call(String to) {
        return request(new Call(to));
    }

    public ServerMessage call(String to, String resume) {
        return request(new Call(to, resume));
    }

    public ServerMessage accept(String call) {
        return request(new Accept(call));
    }

    public ServerMessage reject(String call, String reason) {
        return request(new Reject(call, reason));
    }

    public ServerMessage hangup(String call) {
        return request(new Hangup(call));
    }

    /** Sends {@code message} with a fresh id and returns its reply (null if the connection was closed instead). */
    public ServerMessage request(ClientMessage message) {
        return request(new ClientFrame(nextId(), message));
    }

    private ServerMessage request(ClientFrame frame) {
        var reply = new CompletableFuture<ServerMessage>();
        pending.put(frame.id(), reply);
        if (!connected) reply.complete(null);
        handle(frame);
        try {
            ServerMessage m = reply.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            lastReply = m;
            return m;
        } catch (TimeoutException e) {
            return fail("no reply to " + frame.message().type() + " within " + WAIT + " on node " + node);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a reply", e);
        } finally {
            pending.remove(frame.id());
        }
    }

    /** The reply to the last request. */
    public ServerMessage lastReply() {
        return lastReply;
    }

    // ---- fire and forget

    public void message(String room, Payload data) {
        send(new SendMessage(room, data));
    }

    public void signal(String room, String to, Payload data) {
        send(new SendSignal(room, to, data));
    }

    public void callSignal(String call, Payload data) {
        send(new SendCallSignal(call, data));
    }

    /** Acknowledges every frame received so far. */
    public void ack() {
        ack(received());
    }

    public void ack(int received) {
        send(new Ack(received));
    }

    /** Sends {@code message} without an id: no reply; a refusal comes as an {@link ErrorReply} event. */
    public void send(ClientMessage message) {
        handle(new ClientFrame(null, message));
    }

    private void handle(ClientFrame frame) {
        synchronized (inbound) {
            if (!connected) return; // the transport has nothing to read from a closed connection
            session = hub.handle(session, frame);
        }
    }

    private String nextId() {
        return "r" + ids.incrementAndGet();
    }

    // ---- the connection ends

    /** The connection is lost (no goodbye, as when a phone loses its network): the session may be resumed. */
    public void disconnect() {
        synchronized (inbound) {
            if (!connected) return;
            connected = false;
            hub.disconnect(session);
        }
        pending.values().forEach(r -> r.complete(null));
    }

    /** The client says goodbye: its session ends at once. */
    public void close() {
        synchronized (inbound) {
            if (!connected) return;
            connected = false;
            hub.close(session);
        }
        pending.values().forEach(r -> r.complete(null));
    }

    /** How the server closed this connection, or null if it has not. */
    public Closed closed() {
        return closed.getNow(null);
    }

    /** Waits (bounded) for the server to close this connection. */
    public Closed awaitClosed() {
        Closed how = closed.getNow(null);
        if (how != null) return how;
        nodes.settle();
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("the server did not close the connection within " + WAIT);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isConnected() {
        return connected;
    }

    // ---- events

    /** The next event, which must be of this type. */
    public <T extends ServerMessage> T next(Class<T> type) {
        ServerMessage m = poll();
        if (m == null) fail("expected " + type.getSimpleName() + " within " + WAIT + " on node " + node + ", got nothing");
        assertThat(m).as("next event on node %d", node).isInstanceOf(type);
        return type.cast(m);
    }

    /** The next event of this type, skipping (and losing) events of other types. */
    public <T extends ServerMessage> T skipTo(Class<T> type) {
        List<ServerMessage> skipped = new ArrayList<>();
        while (true) {
            ServerMessage m = poll();
            if (m == null) return fail("expected " + type.getSimpleName() + " within " + WAIT + " on node " + node + "; got only " + skipped);
            if (type.isInstance(m)) return type.cast(m);
            skipped.add(m);
        }
    }

    /** The next event, which must be an error with this code. */
    public ErrorReply nextError(ErrorCode code) {
        ErrorReply e = next(ErrorReply.class);
        assertThat(e.code()).as("error code").isEqualTo(code);
        return e;
    }

    /** Asserts no event waits once the nodes have delivered everything sent so far. */
    public void expectNothing() {
        nodes.settle();
        assertThat(events.peek()).as("unexpected event on node %d", node).isNull();
    }

    /** The events waiting now (after the nodes settle), taken out in order. */
    public List<ServerMessage> drain() {
        nodes.settle();
        List<ServerMessage> all = new ArrayList<>();
        events.drainTo(all);
        return all;
    }

    private ServerMessage poll() {
        ServerMessage m = events.poll();
        if (m != null) return m;
        nodes.settle();
        try {
            return events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    // ---- what it knows

    /** The session id (from the last welcome). */
    public String id() {
        return welcome().session();
    }

    /** The last welcome. */
    public Welcome welcome() {
        Welcome w = welcome;
        if (w == null) fail("this client has not been welcomed");
        return w;
    }

    public String name() {
        return name;
    }

    /** The node this connection goes to. */
    public int node() {
        return node;
    }

    /** The session the hub gave this connection (after a resume, the resumed one). */
    public Session session() {
        return session;
    }

    /** Frames received in this session, as the protocol counts them for {@code ack} and resume: since the welcome, and after a resume on from the count the hello gave. */
    public int received() {
        synchronized (receiving) {
            return received;
        }
    }

    /** Every frame received so far, replies and events, in order. */
    public List<ServerFrame> frames() {
        synchronized (receiving) {
            return List.copyOf(frames);
        }
    }

    @Override
    public String toString() {
        return "client " + (welcome == null ? "(no welcome)" : welcome.session()) + (name == null ? "" : "(" + name + ")") + "@node" + node;
    }
}
