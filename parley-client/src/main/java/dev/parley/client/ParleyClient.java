package dev.parley.client;

import dev.parley.client.transport.JdkWebSockets;
import dev.parley.client.transport.WebSocketConnector;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ClientFrameCodec;
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
import dev.parley.protocol.Payload;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Accepted;
import dev.parley.protocol.ServerMessage.CallOutcome;
import dev.parley.protocol.ServerMessage.HungUp;
import dev.parley.protocol.ServerMessage.JoinOutcome;
import dev.parley.protocol.ServerMessage.Left;
import dev.parley.protocol.ServerMessage.Rejected;
import dev.parley.protocol.ServerMessage.Welcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * A connection to a Parley server, already past {@code hello}. Requests return futures that
 * complete with the server's answer or fail with {@link ParleyException}; everything else the
 * server sends goes to the {@link Listener}.
 *
 * <pre>{@code
 * ParleyClient alice = ParleyClient.builder(URI.create("ws://127.0.0.1:8080/ws"))
 *         .name("alice").listener(myListener).connect();
 * switch (alice.join("standup").join()) {
 *     case Joined j -> System.out.println("in, with " + j.peers());
 *     case Full f -> System.out.println("room is full");
 * }
 * }</pre>
 */
public final class ParleyClient implements AutoCloseable {
    /** Close code sent by {@link #close()}. */
    public static final int NORMAL_CLOSURE = 1000;

    /** How often a client that acknowledges says how much it has received. */
    public static final Duration ACK_INTERVAL = Duration.ofSeconds(1);

    private final Connection connection;
    private final Requests requests = new Requests();
    /** New hellos while the server closes the old connection of a session being resumed. */
    public static final int SESSION_IN_USE_RETRIES = 10;
    static final Duration SESSION_IN_USE_WAIT = Duration.ofMillis(200);

    private final Duration requestTimeout;
    /** Where timers run: the session's loop, or the common pool's delayed executor without one. */
    private final EventLoop loop;
    private volatile Welcome welcome;
    /** The count last acknowledged; confined to the acknowledgement chain, one step at a time. */
    private int acked;

    private ParleyClient(Builder b) {
        this.requestTimeout = b.requestTimeout;
        this.loop = b.loop;
        this.connection = new Connection(this, requests, b.listener, b.received == null ? 0 : b.received);
    }

    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** What the server said in {@code welcome}: session id, user, limits, ICE servers. */
    public Welcome welcome() {
        return welcome;
    }

    public String sessionId() {
        return welcome.session();
    }

    /**
     * How many of its session's messages this client has received since {@code welcome} (the
     * count the server numbers them by). {@link Builder#resumeFrom} hands it to the next connection.
     */
    public int received() {
        return connection.received();
    }

    public CompletableFuture<JoinOutcome> join(String room) {
        return request(new Join(room), JoinOutcome.class);
    }

    /**
     * Joins with a payload for the member there longest (the first of {@code joined}'s peers),
     * relayed to it right after its {@code peer-joined}: an offer made ahead reaches the other
     * side a round trip sooner than one sent after {@code joined}. Dropped if nobody is there. Servers
     * that relay it announce {@code join-signal} in {@code welcome}'s features; an older one drops it.
     */
    public CompletableFuture<JoinOutcome> join(String room, Payload signal) {
        return request(new Join(room, signal), JoinOutcome.class);
    }

    public CompletableFuture<Left> leave(String room) {
        return request(new Leave(room), Left.class);
    }

    /** Relays a payload to every other member of a room. */
    public CompletableFuture<Void> message(String room, Payload data) {
        return send(new ClientFrame(null, new SendMessage(room, data)));
    }

    /** Relays a payload to one member of a room, by session id. */
    public CompletableFuture<Void> signal(String room, String to, Payload data) {
        return send(new ClientFrame(null, new SendSignal(room, to, data)));
    }

    /** Rings a user by name: {@code Ringing} (with the call id) or {@code Unavailable}. */
    public CompletableFuture<CallOutcome> call(String name) {
        return request(new Call(name), CallOutcome.class);
    }

    /**
     * Rings a user to take up again a call the server lost (a restart): the callee is told
     * {@code previousCall}, and its client may take the new call as that one going on.
     */
    public CompletableFuture<CallOutcome> resumeCall(String name, String previousCall) {
        return request(new Call(name, previousCall), CallOutcome.class);
    }

    public CompletableFuture<Accepted> accept(String call) {
        return request(new Accept(call), Accepted.class);
    }

    public CompletableFuture<Rejected> reject(String call, String reason) {
        return request(new Reject(call, reason), Rejected.class);
    }

    public CompletableFuture<HungUp> hangup(String call) {
        return request(new Hangup(call), HungUp.class);
    }

    /** Relays a payload to the other party of an accepted call. */
    public CompletableFuture<Void> signalCall(String call, Payload data) {
        return send(new ClientFrame(null, new SendCallSignal(call, data)));
    }

    /** Sends any message as a request and completes with whatever answers it. */
    public <T extends ServerMessage> CompletableFuture<T> request(ClientMessage message, Class<T> answer) {
        var reply = new CompletableFuture<ServerMessage>();
        String id = requests.open(reply);
        send(new ClientFrame(id, message)).whenComplete((v, e) -> {
            if (e != null) reply.completeExceptionally(new ParleyException("could not send " + message.type(), e));
        });
        later(requestTimeout, () -> reply.completeExceptionally(new TimeoutException()));
        return reply.handle((m, e) -> {
            if (e == null) return answer.cast(m);
            Throwable cause = e instanceof CompletionException ? e.getCause() : e;
            if (cause instanceof ParleyException p) throw p;
            if (cause instanceof TimeoutException) {
                throw new ParleyException("no answer to " + message.type() + " within " + requestTimeout.toMillis() + " ms", cause);
            }
            throw new ParleyException(message.type() + " failed", cause);
        });
    }

    /** Sends a text frame exactly as given, bypassing validation: for diagnostics and protocol tests. */
    public CompletableFuture<Void> sendRaw(String text) {
        return connection.send(text);
    }

    /** Completes when the connection has closed, for whatever reason. */
    public CompletableFuture<CloseStatus> closed() {
        return connection.closed();
    }

    /** Closes with 1000 and waits briefly for the server to close too. Safe to call more than once. */
    @Override
    public void close() {
        connection.close(NORMAL_CLOSURE, "bye");
    }

    /** Drops the connection without a close handshake, as a crash or network loss would. */
    public void abort() {
        connection.abort();
    }

    private CompletableFuture<Void> send(ClientFrame frame) {
        return connection.send(ClientFrameCodec.encode(frame));
    }

    /**
     * Says hello; a resume answered {@code session-in-use} (the server is still closing the
     * session's old connection) says it again on this connection, a little later, a few times.
     */
    private CompletableFuture<ParleyClient> hello(Builder b, int tries) {
        return request(new Hello(b.name, b.token, b.resume, b.resume == null ? null : b.received, b.acknowledge), Welcome.class)
                .handle((w, e) -> {
                    if (e == null) {
                        welcome = w;
                        if (b.acknowledge) scheduleAck();
                        return CompletableFuture.completedFuture(this);
                    }
                    Throwable cause = e instanceof CompletionException ? e.getCause() : e;
                    if (cause instanceof ParleyException p && p.code() == ErrorCode.SESSION_IN_USE && tries < SESSION_IN_USE_RETRIES) {
                        var again = new CompletableFuture<ParleyClient>();
                        later(SESSION_IN_USE_WAIT, () -> hello(b, tries + 1).whenComplete((c, e2) -> {
                            if (e2 != null) again.completeExceptionally(e2);
                            else again.complete(c);
                        }));
                        return again;
                    }
                    return Futures.<ParleyClient>failed(cause);
                })
                .thenCompose(f -> f);
    }

    /**
     * Acknowledges what arrived, every {@link #ACK_INTERVAL} while there is something new, so the
     * server keeps only what this client may not have (and sends it again after a resume).
     */
    private void scheduleAck() {
        later(ACK_INTERVAL, () -> {
            if (connection.closed().isDone()) return;
            int received = connection.received();
            if (received != acked) {
                acked = received;
                send(new ClientFrame(null, new Ack(received)));
            }
            scheduleAck();
        });
    }

    private void later(Duration delay, Runnable task) {
        if (loop != null) loop.schedule(delay, task);
        else Futures.TIMERS.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static final class Builder {
        private final URI uri;
        private String name;
        private String token;
        private String resume;
        private Integer received;
        private boolean acknowledge = true;
        private Listener listener = new Listener() {};
        private SSLContext sslContext;
        private HttpClient httpClient;
        private WebSocketConnector connector;
        private EventLoop loop;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(10);

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /** The name to say in hello; without one the session can use rooms but not calls. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The access token for a server in token mode, signed by the host application's backend. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /**
         * Takes over an earlier session after its connection was lost: pass that session's
         * {@code welcome().resumeToken()}. If the server still holds it, {@code welcome().resumed()}
         * is true and its rooms and call carry on; otherwise the session is new (with the old id,
         * if the server can vouch for it) and the client rejoins what it was in.
         */
        public Builder resume(String resumeToken) {
            this.resume = resumeToken;
            this.received = null;
            return this;
        }

        /**
         * {@link #resume(String)}, saying how many of the session's messages arrived before: the
         * server then sends again exactly what came after (a dying connection may have swallowed
         * some) and what came while away, nothing twice.
         */
        public Builder resume(String resumeToken, int received) {
            this.resume = resumeToken;
            this.received = received;
            return this;
        }

        /** Takes over the session of a client whose connection was lost, missing nothing and repeating nothing. */
        public Builder resumeFrom(ParleyClient previous) {
            return resume(previous.welcome().resumeToken(), previous.received());
        }

        /**
         * Whether to acknowledge received messages (default true): the server then keeps what this
         * client may not have yet (up to its backlog), so a resume with the count loses nothing.
         */
        public Builder acknowledge(boolean acknowledge) {
            this.acknowledge = acknowledge;
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Trust material for {@code wss://} (e.g. a self-signed server certificate). */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** Share one HTTP client between many connections (each client otherwise gets its own). */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** Opens the WebSocket with this connector instead of the JDK's (on Android: OkHttp's). */
        public Builder connector(WebSocketConnector connector) {
            this.connector = connector;
            return this;
        }

        /** Runs the client's timers (request time-outs, acknowledgements, hello retries) on this loop. */
        public Builder loop(EventLoop loop) {
            this.loop = loop;
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

        /** Opens the WebSocket and says hello; completes once {@code welcome} arrived. */
        public CompletableFuture<ParleyClient> connectAsync() {
            ParleyClient client = new ParleyClient(this);
            WebSocketConnector sockets = connector != null
                    ? connector
                    : new JdkWebSockets(httpClient != null ? httpClient : newHttpClient());
            return sockets.open(uri, connectTimeout, client.connection)
                    .thenCompose(socket -> {
                        client.connection.opened(socket);
                        return client.hello(this, 0);
                    })
                    .whenComplete((c, e) -> {
                        if (e != null) client.abort();
                    });
        }

        /** {@link #connectAsync()}, waiting for it. */
        public ParleyClient connect() {
            try {
                return connectAsync().get(connectTimeout.plus(requestTimeout).toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
                if (cause instanceof ParleyException p) throw p;
                throw new ParleyException("cannot connect to " + uri + ": " + cause, cause);
            } catch (TimeoutException e) {
                throw new ParleyException("cannot connect to " + uri + ": timed out", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ParleyException("interrupted while connecting to " + uri, e);
            }
        }

        private HttpClient newHttpClient() {
            var b = HttpClient.newBuilder().connectTimeout(connectTimeout);
            if (sslContext != null) b.sslContext(sslContext);
            return b.build();
        }
    }
}
