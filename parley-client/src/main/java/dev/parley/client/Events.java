package dev.parley.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed event listeners, the Java side of the JS SDK's {@code addEventListener}: a handler
 * registered for a class hears every event that is an instance of it, in registration order.
 * Emitted on the owner's event loop; a failing handler is logged and the others still run.
 */
public final class Events {
    private static final Logger log = LoggerFactory.getLogger(Events.class);
    private final List<Handler<?>> handlers = new CopyOnWriteArrayList<>();

    /** Listens for events of {@code type} until the returned subscription is closed. */
    public <T> Subscription on(Class<T> type, Consumer<? super T> handler) {
        var h = new Handler<>(type, handler);
        handlers.add(h);
        return () -> handlers.remove(h);
    }

    /** Hands {@code event} to every handler of its class (or a superclass or interface of it). */
    public void emit(Object event) {
        for (Handler<?> h : handlers) h.offer(event);
    }

    /** Several subscriptions closed as one, for an object that listens to many events until it ends. */
    public static final class Group implements Subscription {
        private final List<Subscription> all = new ArrayList<>();

        public void add(Subscription s) {
            all.add(s);
        }

        @Override
        public void close() {
            for (Subscription s : all) s.close();
            all.clear();
        }
    }

    /** Stops a handler from hearing more events. Closing twice does nothing. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Compared by identity, so the same handler registered twice is two registrations. */
    private static final class Handler<T> {
        private final Class<T> type;
        private final Consumer<? super T> handler;

        Handler(Class<T> type, Consumer<? super T> handler) {
            this.type = type;
            this.handler = handler;
        }

        void offer(Object event) {
            if (!type.isInstance(event)) return;
            try {
                handler.accept(type.cast(event));
            } catch (RuntimeException e) {
                log.error("a listener for {} failed", type.getSimpleName(), e);
            }
        }
    }
}
