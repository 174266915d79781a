package dev.parley.server.dialect.clients;

import java.time.Duration;
import java.util.Optional;

/**
 * A real socket.io client library, connected once to one server, whose deliveries a test reads in order.
 * Implementations: {@link NodeSocketIoClient} (socket.io-client 2.x and 4.x on Node.js) and
 * {@link JavaSocketIoClient} (socket.io-client-java 2.x; parley-compat-tests has the 1.x one).
 *
 * <p>Every wait is bounded and fails with what did arrive. Arguments go out as the library's users
 * give them: {@link #emit} takes Java values (a String is a string, a Map an object, a Jackson node
 * as is), {@link #emitJson} takes each argument as JSON text.
 */
public interface SocketIoClient extends AutoCloseable {

    Duration WAIT = Duration.ofSeconds(10);

    /** The test's name for this client ("A", "B"...). */
    String label();

    /** Which library: "sio2", "sio4" (Node), "java1", "java2" (socket.io-client-java). */
    String kind();

    /** The client-side {@code socket.id} once connected (null before, and after a disconnect). */
    String id();

    /** The Engine.IO session id where the library tells it (null where it does not). */
    default String engineId() {
        return null;
    }

    /** The Engine.IO transport in use as far as the library said ("polling", "websocket"), or null. */
    String transport();

    void emit(String event, Object... args);

    void emitJson(String event, String... jsonArgs);

    /** {@code socket.disconnect()}, as an application calls it. */
    void disconnect();

    /** Vanishes without a goodbye (the connection just drops), where the client can do that. */
    void drop();

    /** The next delivery (event or lifecycle), or empty after {@code wait}. */
    Optional<Received> poll(Duration wait);

    /** The next delivery, which must come within {@code wait}. */
    default Received next(Duration wait) {
        return poll(wait).orElseThrow(() -> new AssertionError(
                label() + " (" + kind() + ") received nothing within " + wait + diagnostics()));
    }

    /** The next delivery, which must be the server event {@code event}. */
    default Received expect(String event, Duration wait) {
        Received r = next(wait);
        if (r.lifecycle() || !r.event().equals(event)) {
            throw new AssertionError(label() + " (" + kind() + ") expected event '" + event + "', got " + r
                    + diagnostics());
        }
        return r;
    }

    default Received expect(String event) {
        return expect(event, WAIT);
    }

    /** The next delivery, which must be the library's own lifecycle event {@code name}. */
    default Received expectLifecycle(String name, Duration wait) {
        Received r = next(wait);
        if (!r.lifecycle() || !r.event().equals(name)) {
            throw new AssertionError(label() + " (" + kind() + ") expected lifecycle '" + name + "', got " + r
                    + diagnostics());
        }
        return r;
    }

    /** Waits for {@code connect} and returns the client-side socket.id. */
    default String awaitConnect(Duration wait) {
        expectLifecycle("connect", wait);
        return id();
    }

    /** Fails if anything at all is delivered during {@code quiet}. */
    default void expectNothing(Duration quiet) {
        poll(quiet).ifPresent(r -> {
            throw new AssertionError(label() + " (" + kind() + ") expected nothing for " + quiet + ", got " + r
                    + diagnostics());
        });
    }

    /** Text for failure messages: the library's log, a process's stderr... (may be empty). */
    String diagnostics();

    /** Stops the client (for a Node client: its process, by PID); never throws. */
    @Override
    void close();
}
