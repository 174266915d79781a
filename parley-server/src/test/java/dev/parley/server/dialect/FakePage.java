package dev.parley.server.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.parley.core.SessionSlot;
import dev.parley.core.testing.Nodes;
import dev.parley.server.dialect.DialectSession.Closing;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A seed 003 page connected to an in-process hub, without sockets: the {@link Seed003Dialect.Wire}
 * records what the page would receive and how the connection was closed. The connection's
 * inbound sequence is the test thread: the page's messages are handed in directly, and tasks the
 * dialect queues ({@link #execute}, the connection end after a close) run when the nodes settle,
 * as a transport's event loop would run them later.
 */
final class FakePage implements Seed003Dialect.Wire {
    private static final AtomicInteger ports = new AtomicInteger(40_000);

    record Closed(Closing how, String reason) {}

    private final Nodes nodes;
    final String name;
    private final Seed003Dialect dialect;
    private final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
    private volatile Closed closed;
    private volatile boolean gone;

    FakePage(Nodes nodes, Seed003Names names, String name, String token) {
        this.nodes = nodes;
        this.name = name;
        this.dialect = new Seed003Dialect(name, token, this, names);
        dialect.start(DialectSession.open(nodes.hub(0), dialect, new InetSocketAddress("127.0.0.1", ports.incrementAndGet()), null,
                SessionSlot.NONE));
        nodes.settle();
    }

    Seed003Dialect dialect() {
        return dialect;
    }

    // ---- Wire

    @Override
    public void send(String json) {
        if (!gone && closed == null) received.add(json);
    }

    @Override
    public void close(Closing how, String reason) {
        if (closed != null || gone) return;
        closed = new Closed(how, reason);
        nodes.scheduler().execute(this::end); // the transport notices the closed socket later
    }

    @Override
    public void execute(Runnable task) {
        nodes.scheduler().execute(() -> {
            if (!gone) task.run();
        });
    }

    // ---- the page

    /** One message from the page, then everything it causes is delivered. */
    FakePage says(String json) {
        if (!gone && closed == null) dialect.onText(json);
        nodes.settle();
        return this;
    }

    /** The page closes (a tab closed): the session ends. */
    void leaves() {
        end();
        nodes.settle();
    }

    private void end() {
        if (gone) return;
        gone = true;
        dialect.ended();
    }

    /** Asserts the page received exactly these messages since the last look, in order. */
    void got(String... messages) {
        nodes.settle();
        assertThat(drain()).containsExactly(messages);
    }

    /** Asserts the page received nothing since the last look. */
    void gotNothing() {
        got();
    }

    List<String> drain() {
        nodes.settle();
        List<String> out = new ArrayList<>();
        for (String m; (m = received.poll()) != null; ) out.add(m);
        return out;
    }

    Closed closed() {
        nodes.settle();
        return closed;
    }

    Closed awaitClosed() {
        Closed c = closed();
        if (c == null) fail("page " + name + " was not closed");
        return c;
    }

    boolean isOnline() {
        return dialect.session() != null && !dialect.session().session().isClosed();
    }
}
