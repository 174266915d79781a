package dev.parley.cluster.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a client's connects (the first one and every reconnect) and disconnects, for
 * {@code client.addListener(events)}: Lettuce calls it on its event loop threads, hence the atomics.
 */
public final class ConnectionEvents implements RedisConnectionStateListener {

    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger disconnected = new AtomicInteger();

    public int connected() {
        return connected.get();
    }

    public int disconnected() {
        return disconnected.get();
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        connected.incrementAndGet();
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        disconnected.incrementAndGet();
    }
}
