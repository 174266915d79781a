package dev.parley.cluster.redis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} (Debian's package) as a child process on 127.0.0.1 and a free port, with
 * its own temporary directory, no persistence, and the faults the cluster must survive: {@link #kill9()},
 * {@link #stop()}, {@link #restart()}, {@link #pause(Duration)} and {@link #killClients()}.
 *
 * <p>The fixture's own commands each go over a short connection of their own in plain RESP, so they work
 * whatever state the clients under test are in (only a pause holds them too), and {@code CLIENT KILL}
 * never cuts the fixture itself. One per test class: {@link RedisExtension}; to cut off one client
 * rather than all, put a {@link TcpProxy} in front.
 */
public final class RedisProcess implements AutoCloseable {

    public static final Path SERVER = Path.of("/usr/bin/redis-server");

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration START_BOUND = Duration.ofSeconds(15);
    private static final Duration EXIT_BOUND = Duration.ofSeconds(10);
    private static final Duration COMMAND_BOUND = Duration.ofSeconds(10);
    private static final int PORT_TRIES = 5;

    /** Servers that may still run, killed when the JVM exits: a test that forgets to close one leaves none behind. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> LIVE.forEach(p -> p.toHandle().destroyForcibly()), "redis-process-reaper"));
    }

    private final Path dir;
    private final int port;
    /** The running server, or null between {@link #kill9()}/{@link #stop()} and {@link #restart()}; guarded by this. */
    private Process process;

    private RedisProcess(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts a fresh server on a free loopback port and returns once it answers PING. */
    public static RedisProcess start() {
        if (!Files.isExecutable(SERVER)) {
            throw new IllegalStateException(SERVER + " is missing: these tests need a real Redis,"
                    + " Debian's package redis-server (apt-get install -y redis-server; ./scripts/test installs it)");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("parley-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A free port can be taken by someone else before the server binds it: try another one then.
        IllegalStateException last = null;
        for (int i = 0; i < PORT_TRIES; i++) {
            int port = freePort();
            try {
                return new RedisProcess(dir, port, launch(dir, port));
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        deleteRecursively(dir);
        throw last;
    }

    /** {@code redis://127.0.0.1:<port>}, for {@code RedisClient.create(...)}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGKILL by PID, as a crash or {@code kill -9}: no goodbye to clients. Returns once it has exited. */
    public synchronized void kill9() {
        if (process == null) {
            return;
        }
        signal(process, true);
        awaitExit(process);
        LIVE.remove(process);
        process = null;
    }

    /** SIGTERM by PID, as an orderly shutdown. Returns once it has exited (SIGKILL if it does not in time). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        signal(process, false);
        try {
            awaitExit(process);
        } catch (IllegalStateException slow) {
            kill9();
            throw slow;
        }
        LIVE.remove(process);
        process = null;
    }

    /**
     * Starts the server again on the same port with fresh, empty data and an empty script cache (it is
     * stopped first if it runs), as a Redis restarted without persistence. Returns once it answers PING.
     */
    public synchronized void restart() {
        stop();
        deleteDataKeepingLogs(dir);
        // The port was ours a moment ago, but the kernel may take a moment to let it go.
        long deadline = System.nanoTime() + START_BOUND.toNanos();
        while (true) {
            try {
                process = launch(dir, port);
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(Duration.ofMillis(100));
            }
        }
    }

    /**
     * {@code CLIENT PAUSE <ms> ALL}: every client's commands wait until the pause ends, this fixture's
     * own too (even {@code CLIENT UNPAUSE} waits, so there is no ending it early). Returns at once.
     */
    public void pause(Duration duration) {
        command("CLIENT", "PAUSE", Long.toString(duration.toMillis()), "ALL");
    }

    /**
     * {@code CLIENT KILL TYPE normal}: cuts every client connection (replicas aside; pub/sub ones too under
     * RESP3, which Lettuce speaks), as a network partition would, except that clients see the close at
     * once. Returns how many were cut.
     */
    public long killClients() {
        return Long.parseLong(command("CLIENT", "KILL", "TYPE", "normal"));
    }

    /** How many clients wait in a blocking command (XREAD BLOCK, BLPOP...), from INFO clients. */
    public int blockedClients() {
        for (String line : command("INFO", "clients").split("\r\n")) {
            if (line.startsWith("blocked_clients:")) {
                return Integer.parseInt(line.substring("blocked_clients:".length()));
            }
        }
        throw new IllegalStateException("INFO clients has no blocked_clients");
    }

    /** Deletes every key (the script cache stays; {@link #restart()} empties both). */
    public void flushAll() {
        command("FLUSHALL", "SYNC");
    }

    /**
     * Sends one command over a connection of its own and returns its reply: a simple string, an integer
     * as text, or a bulk string. Error replies throw.
     */
    public String command(String... args) {
        return command(port, args);
    }

    /** The server's log so far, for failure messages. */
    public String log() {
        try {
            Path log = dir.resolve("redis.log");
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Kills the server (this is a test fixture: nothing to save) and deletes its directory. */
    @Override
    public synchronized void close() {
        try {
            kill9();
        } finally {
            deleteRecursively(dir);
        }
    }

    @Override
    public String toString() {
        return "redis-server on " + uri();
    }

    private static Process launch(Path dir, int port) {
        List<String> cmd = List.of(SERVER.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--protected-mode", "yes",
                "--save", "",
                "--appendonly", "no",
                "--dir", dir.toString(),
                "--logfile", dir.resolve("redis.log").toString(),
                "--daemonize", "no");
        Process process;
        try {
            process = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.out").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + SERVER, e);
        }
        LIVE.add(process);
        long deadline = System.nanoTime() + START_BOUND.toNanos();
        IOException lastError = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                LIVE.remove(process);
                throw new IllegalStateException("redis-server on port " + port + " exited with "
                        + process.exitValue() + " before answering PING:\n" + tail(dir));
            }
            try {
                // The pid check: another server may hold the port while ours fails to bind it.
                if ("PONG".equals(commandOrThrow(port, "PING"))
                        && commandOrThrow(port, "INFO", "server").contains("process_id:" + process.pid() + "\r\n")) {
                    return process;
                }
            } catch (IOException e) {
                lastError = e;
            } catch (IllegalStateException loading) {
                lastError = new IOException(loading.getMessage());
            }
            sleep(Duration.ofMillis(20));
        }
        signal(process, true);
        LIVE.remove(process);
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + START_BOUND + " (" + lastError + "):\n" + tail(dir));
    }

    private static String command(int port, String... args) {
        try {
            return commandOrThrow(port, args);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis on port " + port + ": " + String.join(" ", args), e);
        }
    }

    private static String commandOrThrow(int port, String... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), (int) COMMAND_BOUND.toMillis());
            socket.setSoTimeout((int) COMMAND_BOUND.toMillis());
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String line = readLine(in);
            return switch (line.isEmpty() ? ' ' : line.charAt(0)) {
                case '+', ':' -> line.substring(1);
                case '-' -> throw new IllegalStateException("Redis: " + line.substring(1));
                case '$' -> {
                    int length = Integer.parseInt(line.substring(1));
                    if (length < 0) {
                        yield null;
                    }
                    byte[] body = in.readNBytes(length + 2);
                    yield new String(body, 0, length, StandardCharsets.UTF_8);
                }
                default -> throw new IOException("unexpected reply to " + args[0] + ": " + line);
            };
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 64 * 1024; i++) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after '" + line + "'");
            }
            if (b == '\n' && !line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                return line.substring(0, line.length() - 1);
            }
            line.append((char) b);
        }
        throw new IOException("reply line too long");
    }

    /** kill(2) by PID: the JDK sends SIGKILL for a forcible destroy on Linux, SIGTERM otherwise. */
    private static void signal(Process process, boolean kill) {
        if (kill) {
            process.toHandle().destroyForcibly();
        } else {
            process.toHandle().destroy();
        }
    }

    private static void awaitExit(Process process) {
        try {
            if (!process.waitFor(EXIT_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("redis-server (pid " + process.pid() + ") did not exit within " + EXIT_BOUND);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path dir) {
        List<String> lines = new ArrayList<>();
        for (String name : List.of("redis.out", "redis.log")) {
            try {
                Path file = dir.resolve(name);
                if (Files.exists(file)) {
                    List<String> all = Files.readAllLines(file);
                    lines.addAll(all.subList(Math.max(0, all.size() - 20), all.size()));
                }
            } catch (IOException | UncheckedIOException e) {
                lines.add("(" + name + " unreadable: " + e + ")");
            }
        }
        return String.join("\n", lines);
    }

    private static void deleteDataKeepingLogs(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (!name.equals("redis.log") && !name.equals("redis.out")) {
                    deleteRecursively(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
