package dev.parley.cluster.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A test's Lettuce clients on one set of event loops; {@link #close()} shuts them all down. */
public final class LettuceClients implements AutoCloseable {

    private final ClientResources resources = DefaultClientResources.create();
    /** Guarded by this. */
    private final List<RedisClient> clients = new ArrayList<>();

    public synchronized RedisClient create(String uri, ClientOptions options) {
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(options);
        clients.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        for (RedisClient client : clients) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        clients.clear();
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
