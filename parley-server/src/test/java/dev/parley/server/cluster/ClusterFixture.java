package dev.parley.server.cluster;

import dev.parley.cluster.redis.RedisProcess;
import dev.parley.core.SignalingConfig;
import dev.parley.server.ServerConfig;
import dev.parley.server.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis for a test class, and the cluster nodes (whole servers on loopback) each test
 * starts on it: after each test its nodes stop and Redis is emptied. Register it as
 * {@code @RegisterExtension static final ClusterFixture cluster = new ClusterFixture();}.
 */
final class ClusterFixture implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private RedisProcess redis;
    private final List<TestServer> nodes = new ArrayList<>();
    /** What a test made that must go after its nodes have stopped (a proxy they reach Redis through). */
    private final List<AutoCloseable> afterNodes = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = RedisProcess.start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        nodes.forEach(TestServer::close);
        nodes.clear();
        for (AutoCloseable c : afterNodes) c.close();
        afterNodes.clear();
        if (!redis.isRunning()) redis.restart(); // a test stopped it
        redis.flushAll();
    }

    /** Closes {@code c} after the test's nodes have stopped. */
    void closeAfterNodes(AutoCloseable c) {
        afterNodes.add(c);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        redis.close();
    }

    RedisProcess redis() {
        return redis;
    }

    /** Node {@code id} on this Redis, with these signaling settings (its resume key becomes the cluster's). */
    TestServer node(String id, SignalingConfig signaling) throws Exception {
        return node(id, signaling, java.util.function.UnaryOperator.identity());
    }

    /** {@link #node(String, SignalingConfig)}, its configuration changed by {@code more} (access, say). */
    TestServer node(String id, SignalingConfig signaling, java.util.function.UnaryOperator<ServerConfig> more) throws Exception {
        TestServer server = TestServer.start(more.apply(ServerConfig.loopback(0).withSignaling(signaling)
                .withCluster(new ServerConfig.Cluster(redis.uri(), id))));
        nodes.add(server);
        return server;
    }

    /** Nodes {@code node-0} … {@code node-(n-1)}. */
    List<TestServer> nodes(int n, SignalingConfig signaling) throws Exception {
        List<TestServer> started = new ArrayList<>();
        for (int i = 0; i < n; i++) started.add(node("node-" + i, signaling));
        return started;
    }
}
