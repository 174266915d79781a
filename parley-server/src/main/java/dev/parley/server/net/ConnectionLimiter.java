package dev.parley.server.net;

import dev.parley.turn.policy.AddressCounter;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits on the listening sockets and sees each accepted connection before it gets a pipeline: past
 * the per-address or the total limit it is closed at once (never registered, never read), so a
 * flood from one address costs the server a descriptor for an instant and cannot starve accept of
 * descriptors. Shared by the HTTP and HTTPS listeners, which therefore count together.
 */
@Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
    /** Refusals are logged at most this often, with how many there were since. */
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Why a connection was closed early, as counted in {@code /metrics}. */
    public enum Reason {
        PER_ADDRESS("per-address"), TOTAL("total"), REQUEST_TIMEOUT("request-timeout"), IDLE("idle");

        public final String tag;

        Reason(String tag) {
            this.tag = tag;
        }
    }

    private final int maxPerAddress;
    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AddressCounter perAddress = new AddressCounter();
    private final LongAdder[] closed = new LongAdder[Reason.values().length];
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final LongAdder refusedSinceLog = new LongAdder();

    public ConnectionLimiter(int maxPerAddress, int max) {
        this.maxPerAddress = maxPerAddress;
        this.max = max;
        for (int i = 0; i < closed.length; i++) closed[i] = new LongAdder();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Channel child && child.remoteAddress() instanceof InetSocketAddress remote) {
            Reason refused = admit(child, remote.getAddress());
            if (refused != null) {
                child.unsafe().closeForcibly(); // not registered yet: nothing else to undo
                refused(refused);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Counts the connection in, or says which limit it would pass (and counts nothing). */
    private Reason admit(Channel child, InetAddress address) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return Reason.TOTAL;
        }
        if (!perAddress.tryAcquire(address, maxPerAddress)) {
            open.decrementAndGet();
            return Reason.PER_ADDRESS;
        }
        child.closeFuture().addListener(f -> {
            perAddress.release(address);
            open.decrementAndGet();
        });
        return null;
    }

    private void refused(Reason reason) {
        closed[reason.ordinal()].increment();
        refusedSinceLog.increment();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            log.warn("refused a connection over the {} limit ({} per address, {} in all); {} refused since the last such line, "
                    + "and the rest of a burst is counted in parley_connections_refused_total",
                    reason.tag, maxPerAddress, max, refusedSinceLog.sumThenReset());
        }
    }

    /** A connection closed by a deadline of the HTTP listeners. */
    void timedOut(Reason reason) {
        closed[reason.ordinal()].increment();
    }

    /** Connections closed early for {@code reason} so far. */
    public long closed(Reason reason) {
        return closed[reason.ordinal()].sum();
    }

    /** Connections open now on the HTTP and HTTPS listeners. */
    public int open() {
        return open.get();
    }

    /** The total limit in force. */
    public int max() {
        return max;
    }
}
