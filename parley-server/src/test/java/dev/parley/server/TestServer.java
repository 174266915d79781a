package dev.parley.server;

import dev.parley.client.ParleyClient;
import dev.parley.core.Hub;
import dev.parley.core.SignalingConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Parley server on 127.0.0.1 and a free port, plus the clients a test opened against it;
 * closing it closes them all.
 */
public final class TestServer implements AutoCloseable {
    private final ParleyServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ParleyClient> clients = new ArrayList<>();

    private TestServer(ServerConfig config) throws Exception {
        this.server = ParleyServer.start(config);
    }

    /**
     * How long tests' sessions outlive a lost connection: short, so a test that cuts a connection
     * sees {@code peer-away} and soon after {@code peer-left}.
     */
    public static final Duration RESUME_GRACE = Duration.ofMillis(400);

    public static TestServer start() throws Exception {
        return start(shortGrace(SignalingConfig.defaults()));
    }

    public static SignalingConfig shortGrace(SignalingConfig config) {
        return config.withResume(config.resume().withGrace(RESUME_GRACE));
    }

    public static TestServer start(SignalingConfig signaling) throws Exception {
        return new TestServer(ServerConfig.loopback(0).withSignaling(signaling));
    }

    public static TestServer start(ServerConfig config) throws Exception {
        return new TestServer(config);
    }

    public static SignalingConfig config(int roomCapacity, Duration callTimeout) {
        var d = SignalingConfig.defaults();
        return shortGrace(new SignalingConfig(roomCapacity, d.maxRoomsPerSession(), callTimeout, d.maxFrameBytes(), d.iceServers()));
    }

    public ParleyServer server() {
        return server;
    }

    /** An HTTP client for plain requests and raw WebSockets, closed with the server. */
    public HttpClient http() {
        return http;
    }

    /** Waits until the hub's counts satisfy the condition (disconnects are processed asynchronously). */
    public Hub.Stats awaitStats(Predicate<Hub.Stats> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Inbox.WAIT.toNanos();
        Hub.Stats stats = server.hub().stats();
        while (!condition.test(stats) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            stats = server.hub().stats();
        }
        assertThat(stats).matches(condition, "expected condition on hub stats");
        return stats;
    }

    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws");
    }

    public URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + path);
    }

    /** A connected client with a name (or anonymous when null), whose events land in {@code inbox}. */
    public ParleyClient connect(String name, Inbox inbox) {
        ParleyClient c = builder().name(name).listener(inbox).connect();
        track(c);
        return c;
    }

    public ParleyClient.Builder builder() {
        return ParleyClient.builder(wsUri()).httpClient(http);
    }

    public synchronized void track(ParleyClient c) {
        clients.add(c);
    }

    @Override
    public void close() {
        List<ParleyClient> open;
        synchronized (this) {
            open = List.copyOf(clients);
        }
        open.forEach(ParleyClient::abort);
        server.close();
        http.close();
    }
}
