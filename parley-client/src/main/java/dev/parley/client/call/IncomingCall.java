package dev.parley.client.call;

import dev.parley.client.Events;
import dev.parley.client.Parley;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.protocol.ServerMessage;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Someone is calling (the session emits this object as its {@code incoming} event). Answer with
 * {@link #accept} or {@link #reject}; {@link Cancelled} says the caller gave up ({@code hung-up}), the
 * call timed out ({@code no-answer}), or the session ended or the server restarted
 * ({@code signaling-lost}) first.
 */
public final class IncomingCall {
    /** ({@code cancelled}) the caller gave up or nobody answered in time. */
    public record Cancelled(String reason) {}

    private final Parley parley;
    private final String call;
    private final String from;
    private final Events events = new Events();
    private final Events.Group listening = new Events.Group();
    /** Confined to the loop. */
    private boolean answered;

    public IncomingCall(Parley parley, String call, String from) {
        this.parley = parley;
        this.call = call;
        this.from = from;
        listening.add(parley.on(ServerMessage.HungUp.class, m -> cancelled(m.call(), "hung-up")));
        listening.add(parley.on(ServerMessage.TimedOut.class, m -> cancelled(m.call(), "no-answer")));
        // A session that ended, or a server that restarted, takes unanswered calls with it.
        listening.add(parley.on(dev.parley.client.ParleyEvent.Closed.class, e -> cancelled(call, "signaling-lost")));
        listening.add(parley.on(dev.parley.client.ParleyEvent.Restored.class, e -> cancelled(call, "signaling-lost")));
    }

    public String callId() {
        return call;
    }

    /** The caller's name. */
    public String from() {
        return from;
    }

    public boolean answered() {
        return answered;
    }

    public <T> Events.Subscription on(Class<T> type, Consumer<? super T> handler) {
        return events.on(type, handler);
    }

    /** Takes the call, sending {@code media}; completes with the call, already connecting. */
    public CompletableFuture<MediaCall> accept(LocalMedia media) {
        return CompletableFuture.supplyAsync(() -> {
            answered = true;
            listening.close();
            // The call listens before the server is asked, so it hears the caller's first offer.
            return MediaCall.direct(parley, call, from, media, false);
        }, parley.loop()).thenCompose(c -> parley.accept(call).handle((v, e) -> {
            if (e == null) return c;
            c.end("hung-up");
            throw e instanceof java.util.concurrent.CompletionException ce ? ce : new java.util.concurrent.CompletionException(e);
        }));
    }

    public CompletableFuture<ServerMessage.Rejected> reject(String reason) {
        return CompletableFuture.runAsync(() -> {
            answered = true;
            listening.close();
        }, parley.loop()).thenCompose(v -> parley.reject(call, reason));
    }

    private void cancelled(String which, String reason) {
        if (!which.equals(call) || answered) return;
        answered = true;
        listening.close();
        events.emit(new Cancelled(reason));
    }
}
