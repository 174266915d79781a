package dev.parley.server.dialect.clients;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One {@code node <script> <args>} child process in the socket.io test directory: lines to its stdin,
 * each stdout line to a handler (on a reader thread of its own), stderr kept as a bounded log for failure
 * messages. Closing it closes stdin (the scripts exit when it ends), then stops it by PID: SIGTERM, and
 * SIGKILL if it has not exited in time. A JVM that exits with one still running kills it.
 */
final class NodeProcess implements AutoCloseable {

    private static final Duration EXIT_BOUND = Duration.ofSeconds(5);
    private static final int LOG_LINES = 200;

    /** Processes that may still run, killed when the JVM exits. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> LIVE.forEach(p -> p.toHandle().destroyForcibly()), "node-process-reaper"));
    }

    private final String name;
    private final Process process;
    /** Guarded by itself: only whole lines are written, from any test thread. */
    private final OutputStream stdin;
    /** The last lines of stderr and of stdout the handler did not take; guarded by itself. */
    private final Deque<String> log = new ArrayDeque<>();

    private NodeProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
    }

    /**
     * Starts {@code node script args...} in the package directory. {@code onLine} gets every stdout line
     * in order, on one reader thread; a line it does not want it hands back by returning false (it goes
     * to the log).
     */
    static NodeProcess start(String name, String script, List<String> args, LineHandler onLine) {
        var dir = NodeModules.dir();
        List<String> command = new ArrayList<>();
        command.add(NodeModules.node().toString());
        command.add(script);
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        LIVE.add(process);
        NodeProcess node = new NodeProcess(name, process);
        node.pump(process.getInputStream(), "stdout", line -> {
            if (!onLine.accept(line)) {
                node.logLine(line);
            }
        });
        node.pump(process.getErrorStream(), "stderr", node::logLine);
        return node;
    }

    /** A stdout line handler; returns false for lines it does not understand. */
    @FunctionalInterface
    interface LineHandler {
        boolean accept(String line);
    }

    /** Writes one line to stdin; false once the process is gone. */
    boolean send(String line) {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("one line at a time");
        }
        synchronized (stdin) {
            try {
                stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines of stderr (and stray stdout), for failure messages. */
    String log() {
        synchronized (log) {
            return name + " (pid " + process.pid() + (process.isAlive() ? ", running" : ", exited " + process.exitValue())
                    + ") log:\n" + String.join("\n", log);
        }
    }

    /** SIGKILL by PID at once: a client that vanishes without a goodbye (a closed tab, a lost phone). */
    void kill() {
        process.toHandle().destroyForcibly();
        awaitExit(EXIT_BOUND);
        LIVE.remove(process);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            synchronized (stdin) {
                try {
                    stdin.close();
                } catch (IOException ignored) {
                    // already gone: the signals below make sure
                }
            }
            if (!awaitExit(EXIT_BOUND)) {
                process.toHandle().destroy();
                if (!awaitExit(EXIT_BOUND)) {
                    process.toHandle().destroyForcibly();
                    awaitExit(EXIT_BOUND);
                }
            }
        }
        LIVE.remove(process);
    }

    private boolean awaitExit(Duration bound) {
        try {
            return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void logLine(String line) {
        synchronized (log) {
            log.addLast(line);
            while (log.size() > LOG_LINES) {
                log.removeFirst();
            }
        }
    }

    private void pump(InputStream in, String stream, Consumer<String> sink) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException | RuntimeException e) {
                logLine("(" + stream + " reader stopped: " + e + ")");
            }
        }, name + "-" + stream);
        thread.setDaemon(true);
        thread.start();
    }
}
