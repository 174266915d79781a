package dev.parley.client;

import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.ErrorReply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Requests waiting for their answer, by the {@code id} they were sent with. */
final class Requests {
    private final AtomicLong nextId = new AtomicLong();
    private final ConcurrentHashMap<String, CompletableFuture<ServerMessage>> waiting = new ConcurrentHashMap<>();

    /** A fresh id and the future its answer will complete. */
    String open(CompletableFuture<ServerMessage> answer) {
        String id = Long.toString(nextId.incrementAndGet());
        waiting.put(id, answer);
        answer.whenComplete((m, e) -> waiting.remove(id, answer)); // also on time-out
        return id;
    }

    /** Completes the request {@code ref} answers; false if no request is waiting for it. */
    boolean answer(String ref, ServerMessage message) {
        CompletableFuture<ServerMessage> answer = ref == null ? null : waiting.remove(ref);
        if (answer == null) return false;
        if (message instanceof ErrorReply e) answer.completeExceptionally(new ParleyException(e.code(), e.message()));
        else answer.complete(message);
        return true;
    }

    void failAll(ParleyException cause) {
        for (var answer : waiting.values()) answer.completeExceptionally(cause);
        waiting.clear();
    }
}
