package dev.parley.client;

import dev.parley.client.ParleyEvent.CallResume;
import dev.parley.client.ParleyEvent.Closed;
import dev.parley.client.ParleyEvent.Reconnecting;
import dev.parley.client.ParleyEvent.Rejoined;
import dev.parley.client.ParleyEvent.Restored;
import dev.parley.client.ParleyEvent.Resumed;
import dev.parley.client.ParleyEvent.RoomLost;
import dev.parley.client.ParleyEvent.StateChanged;
import dev.parley.client.call.GroupCall;
import dev.parley.client.call.IncomingCall;
import dev.parley.client.call.MediaCall;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.rtc.RtcPeerFactory;
import dev.parley.client.transport.WebSocketConnector;
import dev.parley.protocol.IceServer;
import dev.parley.protocol.Payload;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.CallOutcome;
import dev.parley.protocol.ServerMessage.Full;
import dev.parley.protocol.ServerMessage.Incoming;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.protocol.ServerMessage.Welcome;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * A Parley session that outlives its connections, the Java twin of the JS SDK's {@code Parley}
 * (parley.js): requests return futures of the server's answer; everything else, the server's
 * messages and the session's own {@link ParleyEvent}s, goes to {@link #on} handlers, on the
 * session's {@link EventLoop}.
 *
 * <p>A lost connection is reconnected with back-off ({@link Reconnecting}); relayed payloads wait
 * meanwhile. The new connection resumes the session ({@link ParleyEvent.Resumed}: rooms and calls
 * go on, nothing missed) or, if the server no longer has it, joins the rooms again ({@link Rejoined}
 * or {@link RoomLost} per room, then {@link Restored}). {@link Closed} says it is over for good.
 *
 * <pre>{@code
 * Parley parley = Parley.builder(URI.create("ws://127.0.0.1:8080/ws")).name("bot").rtc(webrtc).build();
 * parley.connect().join();
 * MediaCall call = parley.joinCall("standup", media).join();
 * call.on(CallEvent.Remote.class, e -> show(e.tracks()));
 * }</pre>
 */
public final class Parley implements AutoCloseable {
    /** Relayed payloads kept while reconnecting; a renegotiation is a few dozen. */
    public static final int MAX_QUEUED_RELAYS = 200;

    /** {@code new}, {@code connecting}, {@code connected}, {@code reconnecting} or {@code closed}. */
    public enum State {
        NEW,
        CONNECTING,
        CONNECTED,
        RECONNECTING,
        CLOSED
    }

    final Builder options;
    final EventLoop loop;
    private final Events events = new Events();
    private final Reconnector connections;

    // Everything below is confined to the loop.
    private State state = State.NEW;
    Welcome welcome;
    /** The connection of the current attempt, once it said hello; null between connections. */
    ParleyClient client;
    /** The future of the connect() under way, until it completes; failed if the session ends first. */
    private CompletableFuture<Welcome> connecting;
    private boolean ready;
    boolean closing;
    private final ArrayDeque<Consumer<ParleyClient>> queued = new ArrayDeque<>();
    /** Rooms joined, to join again if the server lost the session. */
    private final Set<String> rooms = new LinkedHashSet<>();
    private final Set<String> online = new LinkedHashSet<>();
    /** Callers of ready() waiting for the session to be connected. */
    private final List<CompletableFuture<Welcome>> waitingForReady = new ArrayList<>();

    private Parley(Builder options) {
        this.options = options;
        this.loop = options.loop != null ? options.loop : EventLoop.newThread("parley-" + (options.name == null ? "session" : options.name));
        this.connections = new Reconnector(this);
    }

    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** Opens the connection and says hello; completes with {@code welcome}. */
    public CompletableFuture<Welcome> connect() {
        return onLoop(() -> {
            closing = false;
            connections.start();
            setState(State.CONNECTING);
            var first = new CompletableFuture<Welcome>();
            connecting = first;
            first.whenComplete((w, e) -> connecting = null);
            connections.open(false, first);
            return first;
        }).thenCompose(Function.identity());
    }

    /**
     * Completes with {@code welcome} once the session is connected: at once if it is, when the
     * connection under way (or the reconnection) says hello, or after a new {@link #connect()} when
     * the session is new or closed. So {@code parley.ready().thenCompose(w -> parley.joinCall(...))}
     * works whatever state the session is in; a request made while not connected fails instead.
     */
    public CompletableFuture<Welcome> ready() {
        return onLoopChain(() -> {
            if (ready && client != null) return CompletableFuture.completedFuture(welcome);
            if (state == State.NEW || state == State.CLOSED) return connect();
            var waiting = new CompletableFuture<Welcome>();
            waitingForReady.add(waiting);
            return waiting;
        });
    }

    /** Listens for a server message type or a {@link ParleyEvent}, on the loop, until the subscription closes. */
    public <T> Events.Subscription on(Class<T> type, Consumer<? super T> handler) {
        return events.on(type, handler);
    }

    public EventLoop loop() {
        return loop;
    }

    /** The current state; read it on the loop (or accept a slightly stale answer). */
    public State state() {
        return state;
    }

    public Welcome welcome() {
        return welcome;
    }

    public String sessionId() {
        return welcome == null ? null : welcome.session();
    }

    public String name() {
        return options.name;
    }

    public List<IceServer> iceServers() {
        return welcome == null ? List.of() : welcome.iceServers();
    }

    public boolean relayOnly() {
        return options.relayOnly;
    }

    /** The media engine calls are made with. */
    public RtcPeerFactory rtc() {
        if (options.rtc == null) throw new IllegalStateException("no RtcPeerFactory: set one with Builder.rtc for calls");
        return options.rtc;
    }

    /** Names online for direct calls, kept up to date from {@code presence}. A copy; read on the loop. */
    public Set<String> online() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(online));
    }

    /** Whether the session has a live, greeted connection now. */
    public boolean connected() {
        return ready && client != null;
    }

    /** Joins a room; fails with {@link ParleyException} (reason {@code full}) when every seat is taken. */
    public CompletableFuture<Joined> join(String room) {
        return onLoopChain(() -> joinNow(room));
    }

    public CompletableFuture<ServerMessage.Left> leave(String room) {
        return onLoopChain(() -> {
            rooms.remove(room);
            return send(c -> c.leave(room));
        });
    }

    /** Rings a user: {@code Ringing} with the call's id, or {@code Unavailable} (offline, busy). */
    public CompletableFuture<CallOutcome> ring(String to) {
        return onLoopChain(() -> send(c -> c.call(to)));
    }

    /** Rings a user to take up again a call the server lost (a restart), naming it. */
    public CompletableFuture<CallOutcome> ringAgain(String to, String previousCall) {
        return onLoopChain(() -> send(c -> c.resumeCall(to, previousCall)));
    }

    public CompletableFuture<ServerMessage.Accepted> accept(String call) {
        return onLoopChain(() -> send(c -> c.accept(call)));
    }

    /** Declines a call; a null or empty reason lets the server say its default. */
    public CompletableFuture<ServerMessage.Rejected> reject(String call, String reason) {
        String said = reason == null || reason.isEmpty() ? null : reason;
        return onLoopChain(() -> send(c -> c.reject(call, said)));
    }

    public CompletableFuture<ServerMessage.HungUp> hangup(String call) {
        return onLoopChain(() -> send(c -> c.hangup(call)));
    }

    /** Relays a payload to one room member, by session id; waits while reconnecting. */
    public void signal(String room, String to, Payload data) {
        relay(c -> c.signal(room, to, data));
    }

    /** Relays a payload to the other party of an accepted call; waits while reconnecting. */
    public void signalCall(String call, Payload data) {
        relay(c -> c.signalCall(call, data));
    }

    /** Relays a payload to every other member of a room; waits while reconnecting. */
    public void message(String room, Payload data) {
        relay(c -> c.message(room, data));
    }

    /** Joins a room and calls whoever is, or comes, there (one other person). */
    public CompletableFuture<MediaCall> joinCall(String room, LocalMedia media) {
        // The call is made in the loop task that handles the answer, so it hears what comes right behind it.
        return onLoopChain(() -> joinNow(room).thenApply(joined -> MediaCall.inRoom(this, joined, media)));
    }

    /** Joins a room and calls everyone there, and whoever comes, as a full mesh. */
    public CompletableFuture<GroupCall> joinGroup(String room, LocalMedia media) {
        return onLoopChain(() -> joinNow(room).thenApply(joined -> new GroupCall(this, joined, media)));
    }

    /**
     * Calls a user by name; the call rings until they answer. Fails with {@link ParleyException}
     * (reason {@code offline} or {@code busy}) when they cannot be rung.
     */
    public CompletableFuture<MediaCall> call(String to, LocalMedia media) {
        return onLoopChain(() -> send(c -> c.call(to)).thenApply(outcome -> switch (outcome) {
            case ServerMessage.Ringing r -> MediaCall.direct(this, r.call(), r.to(), media, true);
            case ServerMessage.Unavailable u -> throw ParleyException.refused(u.reason().wire(), to + " is " + u.reason().wire());
        }));
    }

    /** Says goodbye: the server ends the session now (peers see it leave). Completes once closed. */
    public CompletableFuture<Void> closeAsync() {
        var done = new CompletableFuture<Void>();
        var heard = events.on(Closed.class, e -> done.complete(null));
        done.whenComplete((v, e) -> heard.close());
        runOnLoop(() -> {
            closing = true;
            connections.cancelRetry();
            ParleyClient c = client;
            if (c != null) CompletableFuture.runAsync(c::close); // its close waits for the server's
            else ended(1000, "bye");
            if (state == State.CLOSED) done.complete(null);
        });
        return done;
    }

    /**
     * {@link #closeAsync()}, waiting for it (bounded) unless called on the session's loop, which must
     * not wait for itself. Safe to call more than once.
     */
    @Override
    public void close() {
        CompletableFuture<Void> done = closeAsync();
        // The session's own loop stops once the goodbye went through (what is queued still runs).
        if (options.loop == null && loop instanceof ThreadEventLoop own) done.whenComplete((v, e) -> own.close());
        if (loop.inLoop()) return;
        try {
            done.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // the server did not answer the close: the session is over either way
            if (options.loop == null && loop instanceof ThreadEventLoop own) own.close();
        }
    }

    /**
     * Drops the current connection without a close handshake, as a network loss would; the session
     * then reconnects as after any loss. For diagnostics and tests.
     */
    public void dropConnection() {
        loop.execute(() -> {
            if (client != null) client.abort();
        });
    }

    /** Emits an event of the SDK's own (for the call layer). */
    public void emit(Object event) {
        events.emit(event);
    }

    /** A connection said hello (the first, or a reconnection): the session goes on over it. */
    void greeted(ParleyClient c, boolean again, CompletableFuture<Welcome> first) {
        client = c;
        welcome = c.welcome();
        CompletableFuture<Void> recovered = again && !welcome.resumed() ? rejoin() : CompletableFuture.completedFuture(null);
        int gen = connections.generation();
        Runnable up = () -> {
            if (gen != connections.generation() || client != c) return;
            ready = true;
            connections.up();
            setState(State.CONNECTED);
            while (!queued.isEmpty()) queued.poll().accept(c);
            if (again) events.emit(welcome.resumed() ? new Resumed(welcome) : new Restored(welcome));
            first.complete(welcome);
            for (var waiting : List.copyOf(waitingForReady)) waiting.complete(welcome);
            waitingForReady.clear();
        };
        // At once when there is nothing to rejoin, so resumed comes before what the server sends again.
        if (recovered.isDone()) up.run();
        else recovered.whenCompleteAsync((v, e) -> up.run(), loop);
    }

    /** After a reconnect that could not resume: take the seats back, one room after another. */
    private CompletableFuture<Void> rejoin() {
        List<String> was = new ArrayList<>(rooms);
        rooms.clear();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (String room : was) {
            chain = chain.thenCompose(v -> joinNow(room).handle((joined, e) -> {
                if (e == null) events.emit(new Rejoined(joined));
                else events.emit(new RoomLost(room, asParley(unwrap(e))));
                return null;
            }));
        }
        return chain;
    }

    /** The connection was lost; the session reconnects or ends. */
    void disconnected() {
        client = null;
        ready = false;
    }

    void reconnecting(int attempt, Duration delay, int code) {
        setState(State.RECONNECTING);
        events.emit(new Reconnecting(attempt, delay, code));
    }

    void ended(int code, String reason) {
        if (state == State.CLOSED) return;
        connections.stop();
        if (connecting != null) connecting.completeExceptionally(new ParleyException("the session was closed", null));
        for (var waiting : List.copyOf(waitingForReady)) waiting.completeExceptionally(new ParleyException("the session was closed", null));
        waitingForReady.clear();
        client = null;
        ready = false;
        queued.clear();
        setState(State.CLOSED);
        events.emit(new Closed(code, reason));
    }

    void receive(ServerMessage m) {
        if (m instanceof Presence p) {
            if (p.full()) online.clear();
            online.addAll(p.online());
            online.removeAll(p.offline());
        }
        if (m instanceof Incoming in) {
            // A call of ours going on after a server restart is taken up by that call, not rung.
            if (in.resume() != null) {
                var resume = new CallResume(in);
                events.emit(resume);
                if (resume.taken()) return;
            }
            events.emit(new IncomingCall(this, in.call(), in.from()));
            return;
        }
        events.emit(m);
    }

    /** Joins; on the loop. */
    private CompletableFuture<Joined> joinNow(String room) {
        return send(c -> c.join(room)).thenApply(outcome -> switch (outcome) {
            case Joined j -> {
                rooms.add(room);
                yield j;
            }
            case Full f -> throw ParleyException.refused("full", "room '" + room + "' is full (" + f.capacity() + " people)");
        });
    }

    /**
     * Sends a request; on the loop. The answer completes the future in a loop task of its own, so
     * what the caller chained to it runs there, before any message the server sent after it.
     */
    private <T> CompletableFuture<T> send(Function<ParleyClient, CompletableFuture<? extends T>> request) {
        ParleyClient c = client;
        if (c == null) return Futures.failed(new ParleyException("not connected to the server", null));
        var answer = new CompletableFuture<T>();
        request.apply(c).whenComplete((t, e) -> loop.execute(() -> {
            if (e != null) answer.completeExceptionally(unwrap(e));
            else answer.complete(t);
        }));
        return answer;
    }

    /** Builds a chain of requests in a loop task, so each step continues on the loop. */
    private <T> CompletableFuture<T> onLoopChain(java.util.function.Supplier<CompletableFuture<T>> chain) {
        return onLoop(chain).thenCompose(Function.identity());
    }

    /** Payloads go out now, or wait while reconnecting (the oldest dropped past the limit). */
    private void relay(Consumer<ParleyClient> send) {
        // At once when on the loop, so relays and requests go out in the order they were made.
        runOnLoop(() -> {
            if (ready && client != null) {
                send.accept(client);
            } else if (state == State.RECONNECTING || state == State.CONNECTING) {
                if (queued.size() >= MAX_QUEUED_RELAYS) queued.poll();
                queued.add(send);
            }
        });
    }

    private void runOnLoop(Runnable task) {
        if (loop.inLoop()) task.run();
        else loop.execute(task);
    }

    private <T> CompletableFuture<T> onLoop(java.util.function.Supplier<T> task) {
        if (loop.inLoop()) {
            try {
                return CompletableFuture.completedFuture(task.get());
            } catch (RuntimeException e) {
                return Futures.failed(e);
            }
        }
        return CompletableFuture.supplyAsync(task, loop);
    }

    private void setState(State next) {
        if (state == next) return;
        state = next;
        events.emit(new StateChanged(next));
    }

    static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        return e;
    }

    static ParleyException asParley(Throwable e) {
        return e instanceof ParleyException p ? p : new ParleyException(String.valueOf(e.getMessage()), e);
    }

    public static final class Builder {
        final URI uri;
        String name;
        String token;
        boolean relayOnly;
        boolean reconnect = true;
        RtcPeerFactory rtc;
        EventLoop loop;
        WebSocketConnector connector;
        javax.net.ssl.SSLContext sslContext;
        Duration connectTimeout = Duration.ofSeconds(10);
        Duration requestTimeout = Duration.ofSeconds(10);
        DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /** The name to say in hello; without one the session can use rooms but not direct calls. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The access token for a server in token mode, from the host application's backend. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** Media only through the TURN relay, so the other side never learns this host's addresses. */
        public Builder relayOnly(boolean relayOnly) {
            this.relayOnly = relayOnly;
            return this;
        }

        /** Reconnect and resume after a lost connection (default true). */
        public Builder reconnect(boolean reconnect) {
            this.reconnect = reconnect;
            return this;
        }

        /** The media engine for calls (parley-client-webrtc's, or Android's). */
        public Builder rtc(RtcPeerFactory rtc) {
            this.rtc = rtc;
            return this;
        }

        /** The loop the session lives on (default: a thread of its own, stopped by close). */
        public Builder loop(EventLoop loop) {
            this.loop = loop;
            return this;
        }

        /** Opens WebSockets with this connector instead of the JDK's (on Android: OkHttp's). */
        public Builder connector(WebSocketConnector connector) {
            this.connector = connector;
            return this;
        }

        /** Trust material for {@code wss://} with the JDK's connector (e.g. a self-signed server certificate). */
        public Builder sslContext(javax.net.ssl.SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Where the reconnect back-off's spread comes from: a number in [0, 1) per attempt, 0.5 for
         * none (default: random, so a restarted server's clients come back spread out). Tests that
         * replay the JS SDK's transcripts fix it, as they fix {@code Math.random} there.
         */
        public Builder jitter(DoubleSupplier jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        public Parley build() {
            return new Parley(this);
        }
    }
}
