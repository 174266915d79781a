package dev.parley.server.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Parley node in a process of its own (this test's classpath, {@code dev.parley.server.Main}),
 * so a test can kill it as an operator's machine would lose it: {@code kill -9}.
 */
final class NodeProcess implements AutoCloseable {
    private static final Duration START_WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final Path dir;
    private final int port;

    private NodeProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts node {@code id} on {@code redis}, signing resume tokens with {@code resumeKey} (printable ASCII, 32+). */
    static NodeProcess start(String redis, String id, String resumeKey, Duration grace, String... more) throws Exception {
        Path dir = Files.createTempDirectory("parley-node-");
        Files.writeString(dir.resolve("resume-secret"), resumeKey + "\n", StandardCharsets.US_ASCII);
        int port;
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.parley.server.Main",
                "--http-port", Integer.toString(port), "--no-https", "--no-turn", "--data-dir", dir.toString(),
                "--redis", redis, "--node-id", id, "--resume-grace", grace.toSeconds() + "s"));
        command.addAll(List.of(more));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        var node = new NodeProcess(process, dir, port);
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (!node.log().contains("is running")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                node.close();
                throw new IllegalStateException("node " + id + " did not start:\n" + node.log());
            }
            Thread.sleep(50);
        }
        return node;
    }

    URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    String log() {
        try {
            return Files.readString(dir.resolve("log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGKILL: the node gets no chance to hand anything over. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: the node stops as an operator stops it for an upgrade. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
