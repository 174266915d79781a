package dev.parley.cluster.redis;

import dev.parley.core.Access;
import dev.parley.core.Hub;
import dev.parley.core.HubMetrics;
import dev.parley.core.SignalingConfig;
import dev.parley.core.testing.ManualScheduler;
import dev.parley.core.testing.Nodes;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Nodes} as a cluster: a hub per node, each on its own {@link RedisCluster} membership of
 * one real Redis. The hubs' timers run on the test's virtual time; Redis's own clock (heartbeats,
 * the reaper) runs on real time.
 */
final class RedisNodes implements Nodes {
    private static final long SETTLE_MILLIS = 5_000;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<RedisCluster> clusters = new ArrayList<>();
    private final List<Hub> hubs = new ArrayList<>();
    private final RedisProcess redis;

    RedisNodes(RedisProcess redis, SignalingConfig config, int size) {
        this.redis = redis;
        try {
            for (int i = 0; i < size; i++) {
                RedisCluster cluster = RedisCluster.join(redis.uri(), "node-" + i);
                clusters.add(cluster);
                hubs.add(new Hub(config, scheduler, HubMetrics.NONE, Access.OPEN, scheduler.nanoClock(),
                        cluster.sharedState(config.resume())));
            }
        } catch (java.io.IOException | RuntimeException e) {
            close();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int size() {
        return hubs.size();
    }

    @Override
    public Hub hub(int i) {
        return hubs.get(i);
    }

    @Override
    public ManualScheduler scheduler() {
        return scheduler;
    }

    @Override
    public void settle() {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        do {
            scheduler.runDue();
            if (clusters.stream().allMatch(RedisCluster::caughtUp)) {
                scheduler.runDue();
                if (clusters.stream().allMatch(RedisCluster::caughtUp)) return;
            }
            sleep();
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("the nodes did not deliver everything within " + SETTLE_MILLIS + " ms");
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        clusters.forEach(RedisCluster::close);
        scheduler.shutdownNow();
        redis.flushAll();
    }
}
