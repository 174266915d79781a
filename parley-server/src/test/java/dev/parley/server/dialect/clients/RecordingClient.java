package dev.parley.server.dialect.clients;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What every {@link SocketIoClient} shares: a bounded queue of deliveries, filled by the library's own
 * thread (a Node process's stdout reader, socket.io-client-java's event thread) and read by the test.
 * A client that overflows it (a test that stopped reading while a server flooded it) fails the next read
 * rather than blocking the library's thread.
 */
public abstract class RecordingClient implements SocketIoClient {

    static final int QUEUE_BOUND = 10_000;

    private final String label;
    private final String kind;
    private final ArrayBlockingQueue<Received> queue = new ArrayBlockingQueue<>(QUEUE_BOUND);
    /** Set once by the delivering thread, read by the test thread. */
    private volatile String overflow;
    /** Why the client cannot go on (e.g. a command it refused); set by the delivering thread. */
    private volatile String failure;
    /** Wakes a reader blocked in {@link #poll} when {@link #fail} is called. */
    private static final Received WAKE = Received.lifecycle("(failure)", java.util.List.of());
    /** Written by the library's thread, read by the test's. */
    protected volatile String id;
    protected volatile String transport;

    protected RecordingClient(String label, String kind) {
        this.label = label;
        this.kind = kind;
    }

    /** Called by the library's thread for each delivery, in order. */
    protected final void record(Received received) {
        if (!queue.offer(received) && overflow == null) {
            overflow = "more than " + QUEUE_BOUND + " deliveries unread; dropped from " + received;
        }
    }

    /** Called by the library's thread: every read from now on fails with this message. */
    protected final void fail(String message) {
        failure = message;
        queue.offer(WAKE);
    }

    @Override
    public final String label() {
        return label;
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public Optional<Received> poll(Duration wait) {
        if (overflow != null) {
            throw new AssertionError(label + " (" + kind + "): " + overflow);
        }
        try {
            Received r = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (r == WAKE || failure != null) {
                throw new AssertionError(this + ": " + failure + diagnostics());
            }
            return Optional.ofNullable(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + label, e);
        }
    }

    @Override
    public String toString() {
        return label + " (" + kind + (id != null ? ", " + id : "") + ")";
    }
}
