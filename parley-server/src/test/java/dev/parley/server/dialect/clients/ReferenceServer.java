package dev.parley.server.dialect.clients;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A seed article's own socket.io server on Node.js, on 127.0.0.1 and a free port, as the reference that
 * Parley's dialects are compared with: {@link #SEED_000} (socket.io 2.x) and {@link #SEED_002} (socket.io
 * 4.x); each script's comment lists its changes from the article. The OS picks the port (the script
 * listens on port 0 and prints the one it got), so no other process can take it in between.
 */
public final class ReferenceServer implements AutoCloseable {

    public static final String SEED_000 = "seed000-server.js";
    public static final String SEED_002 = "seed002-server.js";
    /** A plain server of socket.io 2 or 4 (its first argument) that shows clients what they sent. */
    public static final String PROBE = "probe-server.js";

    private static final Duration START_BOUND = Duration.ofSeconds(20);

    private final NodeProcess process;
    private final int port;

    private ReferenceServer(NodeProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the script (with these arguments before the port) and returns once it listens. */
    public static ReferenceServer start(String script, String... args) {
        List<String> withPort = new java.util.ArrayList<>(List.of(args));
        withPort.add("0");
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        NodeProcess process = NodeProcess.start(script.replace(".js", ""), script, withPort, line -> {
            if (!line.startsWith("{\"listening\":")) {
                return false;
            }
            try {
                JsonNode node = NodeSocketIoClient.JSON.readTree(line);
                listening.complete(node.get("listening").asInt());
                return true;
            } catch (JsonProcessingException e) {
                return false;
            }
        });
        try {
            return new ReferenceServer(process, listening.get(START_BOUND.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            String log = process.log();
            process.close();
            throw new IllegalStateException(script + " did not listen within " + START_BOUND + "\n" + log, e);
        } catch (InterruptedException e) {
            process.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: what the seed pages and apps pass to {@code io(...)}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** The server's own console output (the seeds log joins and leaves), for failure messages. */
    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
