package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.parley.client.CloseStatus;
import dev.parley.client.Listener;
import dev.parley.client.ParleyClient;
import dev.parley.protocol.ServerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what a client's listener receives, so a test can wait for and check each event in turn. */
public final class Inbox implements Listener {
    static final Duration WAIT = Duration.ofSeconds(5);

    private final LinkedBlockingQueue<ServerMessage> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

    @Override
    public void onMessage(ParleyClient client, ServerMessage message) {
        queue.add(message);
    }

    @Override
    public void onClose(ParleyClient client, CloseStatus status) {
        closed.complete(status);
    }

    /** The next event, which must be of this type. */
    public <T extends ServerMessage> T next(Class<T> type) {
        ServerMessage m = poll(WAIT);
        if (m == null) fail("expected " + type.getSimpleName() + " within " + WAIT + ", got nothing");
        assertThat(m).as("next event").isInstanceOf(type);
        return type.cast(m);
    }

    /** The next event of this type, skipping (and returning nothing of) events of other types. */
    public <T extends ServerMessage> T skipTo(Class<T> type) {
        return skipToWithin(type, WAIT);
    }

    /** {@link #skipTo} with a given wait. */
    public <T extends ServerMessage> T skipToWithin(Class<T> type, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<ServerMessage> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            ServerMessage m = poll(Duration.ofNanos(deadline - System.nanoTime()));
            if (type.isInstance(m)) return type.cast(m);
            if (m != null) skipped.add(m);
        }
        return fail("expected " + type.getSimpleName() + " within " + wait + "; got only " + skipped);
    }

    /** Asserts nothing arrives for a while (used after an action that must not reach this client). */
    public void expectNothing(Duration during) {
        ServerMessage m = poll(during);
        assertThat(m).as("unexpected event").isNull();
    }

    /** Everything that arrives within {@code during}, in order. */
    public List<ServerMessage> collect(Duration during) {
        long deadline = System.nanoTime() + during.toNanos();
        List<ServerMessage> got = new ArrayList<>();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            ServerMessage m = poll(Duration.ofNanos(left));
            if (m != null) got.add(m);
        }
        return got;
    }

    public CloseStatus awaitClose() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return fail("connection did not close within " + WAIT);
        }
    }

    private ServerMessage poll(Duration d) {
        try {
            return queue.poll(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
