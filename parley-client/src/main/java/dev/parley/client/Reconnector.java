package dev.parley.client;

import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Welcome;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The connections under a {@link Parley} session, one after another: each attempt's
 * {@link ParleyClient}, resuming with what the last one received, and the back-off between
 * attempts. What a connection means for the session (greeted, lost, ended) is the session's.
 * Confined to the session's loop, but for {@link #over}.
 */
final class Reconnector {
    /** Waits before reconnect attempts: quick at first (most drops are blips), then every few seconds. */
    static final List<Duration> DELAYS = List.of(ms(250), ms(500), ms(1000), ms(2000), ms(4000), ms(5000));
    /** Close codes after which reconnecting cannot help: a policy refusal, or another connection took the session. */
    static final Set<Integer> FINAL_CLOSE_CODES = Set.of(1003, 1008, 1009, 4001);

    private final Parley session;
    private final EventLoop loop;
    /**
     * Set once the session is over for good (on the loop, read anywhere): a connection that completes
     * after that is dropped where it completes, since the loop may already have stopped.
     */
    private volatile boolean over;
    /** Bumped by every attempt, so callbacks of an older connection are recognised and ignored. */
    private int generation;
    private int attempt;
    private EventLoop.Cancellable retryTimer = EventLoop.Cancellable.NONE;
    /** What the last connection had received, for the next one's resume. */
    private int received;

    Reconnector(Parley session) {
        this.session = session;
        this.loop = session.loop;
    }

    int generation() {
        return generation;
    }

    /** A (new) connect() begins. */
    void start() {
        over = false;
    }

    /** The session is up over a connection: the next loss starts the back-off afresh. */
    void up() {
        attempt = 0;
    }

    void cancelRetry() {
        retryTimer.cancel();
    }

    /** The session ended: connections still on their way are dropped. */
    void stop() {
        over = true;
        generation++;
        retryTimer.cancel();
    }

    void open(boolean again, CompletableFuture<Welcome> first) {
        int gen = ++generation;
        Parley.Builder options = session.options;
        var b = ParleyClient.builder(options.uri)
                .name(options.name)
                .token(options.token)
                .connectTimeout(options.connectTimeout)
                .requestTimeout(options.requestTimeout)
                .loop(loop)
                .listener(new Listener() {
                    @Override
                    public void onMessage(ParleyClient c, ServerMessage m) {
                        loop.execute(() -> {
                            if (gen == generation) session.receive(m);
                        });
                    }

                    @Override
                    public void onClose(ParleyClient c, CloseStatus status) {
                        loop.execute(() -> {
                            if (gen == generation) lost(c, status, first);
                        });
                    }
                });
        if (options.connector != null) b.connector(options.connector);
        if (options.sslContext != null) b.sslContext(options.sslContext);
        Welcome welcome = session.welcome;
        if (again && welcome != null && welcome.resumeToken() != null) b.resume(welcome.resumeToken(), received);
        b.connectAsync().whenComplete((c, e) -> {
            if (over) { // closed meanwhile, and the loop may be gone: drop the late connection here
                if (c != null) c.abort();
                first.completeExceptionally(new ParleyException("the session was closed", null));
                return;
            }
            loop.execute(() -> {
                if (gen != generation) {
                    if (c != null) c.abort();
                    first.completeExceptionally(new ParleyException("the session was closed", null));
                } else if (e != null) {
                    failedToConnect(again, first, Parley.unwrap(e));
                } else {
                    session.greeted(c, again, first);
                }
            });
        });
    }

    private void failedToConnect(boolean again, CompletableFuture<Welcome> first, Throwable e) {
        if (!again || session.closing || session.welcome == null) {
            first.completeExceptionally(Parley.asParley(e));
            session.ended(CloseStatus.ABNORMAL, String.valueOf(e.getMessage()));
            return;
        }
        retry(CloseStatus.ABNORMAL, first);
    }

    private void lost(ParleyClient c, CloseStatus status, CompletableFuture<Welcome> first) {
        if (c != session.client) return; // a connection that never said hello: its connect failure is handled
        session.disconnected();
        received = c.received();
        boolean mayRetry = session.options.reconnect && !session.closing && session.welcome != null
                && !FINAL_CLOSE_CODES.contains(status.code());
        if (mayRetry) retry(status.code(), first);
        else session.ended(status.code(), status.reason());
    }

    private void retry(int code, CompletableFuture<Welcome> first) {
        int n = ++attempt;
        Duration base = DELAYS.get(Math.min(n, DELAYS.size()) - 1);
        // spread a restarted server's clients out
        Duration delay = ms(Math.round(base.toMillis() * (0.8 + session.options.jitter.getAsDouble() * 0.4)));
        session.reconnecting(n, delay, code);
        retryTimer = loop.schedule(delay, () -> {
            if (!session.closing) open(true, first.isDone() ? new CompletableFuture<>() : first);
        });
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
