package dev.parley.cluster.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Parley cluster node in a process of its own ({@code dev.parley.server.Main} from the calling
 * test's classpath, which must hold parley-server), always on the same port and data directory, so
 * it can be stopped as an operator stops one for an upgrade (SIGTERM) and started again in its
 * place, or killed as a machine is lost (SIGKILL). Each run logs to a file of its own.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    /** Nodes that may still run, killed when the JVM exits: a test that fails half-way leaves none behind. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(p -> p.toHandle().destroyForcibly()), "cluster-node-reaper"));
    }

    public final String id;
    private final int port;
    private final Path dir;
    private final List<String> args;
    /** The running process, or null while stopped: started and stopped on one thread at a time, closed by another. */
    private volatile Process process;
    private volatile int runs;

    /**
     * A node not started yet, to listen on {@code port} (see {@link #freePort}) with these options
     * besides its port, data directory and id. {@code resumeKey} goes in its data directory, so every
     * node signs resume tokens alike.
     */
    public ClusterNode(String id, int port, String resumeKey, String... args) throws IOException {
        this.id = id;
        this.port = port;
        this.dir = Files.createTempDirectory("parley-node-" + id + "-");
        Files.writeString(dir.resolve("resume-secret"), resumeKey + "\n", StandardCharsets.US_ASCII);
        this.args = List.of(args);
    }

    public static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** Where its clients connect. */
    public java.net.URI wsUri() {
        return java.net.URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    /** Starts the node and returns once it says it is running. */
    public void start() throws IOException, InterruptedException {
        if (process != null) throw new IllegalStateException("node " + id + " runs already");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.parley.server.Main",
                "--http-port", Integer.toString(port), "--no-https", "--data-dir", dir.toString(), "--node-id", id));
        command.addAll(args);
        runs++;
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(runs).toFile()).start();
        LIVE.add(process);
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (!Files.readString(log(runs)).contains("is running")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(log(runs));
                close();
                throw new IllegalStateException("node " + id + " did not start:\n" + log);
            }
            Thread.sleep(50);
        }
    }

    /** SIGTERM, as for an upgrade: the node tells its clients to reconnect (1012) and hands their sessions over. */
    public void stop() throws InterruptedException {
        Process p = process;
        p.destroy();
        boolean exited = p.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        LIVE.remove(p);
        process = null;
        if (!exited) throw new IllegalStateException("node " + id + " did not stop within " + STOP_WAIT + ":\n" + log());
    }

    /** Every run's log so far, for a failure message. */
    public String log() {
        StringBuilder all = new StringBuilder();
        for (int run = 1; run <= runs; run++) {
            try {
                all.append("--- node ").append(id).append(", run ").append(run).append('\n').append(Files.readString(log(run)));
            } catch (IOException e) {
                all.append("(unreadable: ").append(e).append(")\n");
            }
        }
        return all.toString();
    }

    private Path log(int run) {
        return dir.resolve("log-" + run);
    }

    /** SIGKILL, as a machine is lost: the node gets no chance to hand anything over. */
    public void kill9() {
        close();
    }

    @Override
    public void close() {
        Process p = process;
        if (p == null) return;
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(p);
        process = null;
    }
}
