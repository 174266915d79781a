package dev.parley.server.dialect.clients;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The test-only npm packages in {@code parley-server/src/test/socketio} (socket.io-client 2.x and 4.x, and
 * socket.io 2.x and 4.x for the seeds' reference servers), installed by {@code npm ci} from the lockfile
 * the first time a test needs them, or again when the lockfile changed since. That install is the only
 * network access of these tests (the npm registry); nothing is installed globally.
 *
 * <p>Installs are serialized across JVMs (parley-server's and parley-compat-tests' forks share the
 * directory) by a file lock in the temporary directory, and within one JVM by this class's monitor.
 */
public final class NodeModules {

    /** Overrides where the package directory is (an absolute path), e.g. for a module elsewhere. */
    public static final String DIR_PROPERTY = "parley.socketio.dir";

    private static final Duration INSTALL_BOUND = Duration.ofMinutes(5);
    private static final String MARKER = ".parley-lock-sha256";

    /** The installed directory once {@link #dir()} succeeded; guarded by the class monitor. */
    private static Path installed;

    private NodeModules() {
    }

    /** The package directory with its node_modules installed from the lockfile. */
    public static synchronized Path dir() {
        if (installed == null) {
            Path dir = locate();
            install(dir);
            installed = dir;
        }
        return installed;
    }

    /**
     * Another test package directory (one with a package-lock.json, e.g. parley-e2e's seed 002 page)
     * with its node_modules installed from its lockfile in the same way: once, again only when the
     * lockfile changed, serialized across JVMs.
     */
    public static synchronized Path installed(Path dir) {
        Path normalized = dir.toAbsolutePath().normalize();
        install(normalized);
        return normalized;
    }

    /** The {@code node} executable on the PATH, or a clear failure saying how to get one. */
    public static Path node() {
        return onPath("node").orElseThrow(() -> new IllegalStateException(
                "node is missing: the socket.io client tests run the real socket.io libraries on Node.js"
                        + " (Debian: apt-get install -y nodejs npm; ./scripts/test installs them)"));
    }

    static Path npm() {
        // npm ships beside node; the PATH is the fallback for distributions that package it apart.
        Path beside = node().toAbsolutePath().resolveSibling("npm");
        if (Files.isExecutable(beside)) {
            return beside;
        }
        return onPath("npm").orElseThrow(() -> new IllegalStateException(
                "npm is missing (Debian: apt-get install -y npm; ./scripts/test installs it)"));
    }

    private static Path locate() {
        String configured = System.getProperty(DIR_PROPERTY);
        List<Path> candidates = configured != null
                ? List.of(Path.of(configured))
                : List.of(Path.of("src/test/socketio"), Path.of("../parley-server/src/test/socketio"),
                        Path.of("parley-server/src/test/socketio"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("package-lock.json"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("no socket.io test packages (package-lock.json) at " + candidates
                + " from " + Path.of("").toAbsolutePath() + "; set -D" + DIR_PROPERTY);
    }

    private static void install(Path dir) {
        String lockHash = sha256(dir.resolve("package-lock.json"));
        Path marker = dir.resolve("node_modules").resolve(MARKER);
        if (lockHash.equals(readOrNull(marker))) {
            return;
        }
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"),
                "parley-npm-ci-" + sha256Text(dir.toString()).substring(0, 16) + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            // Another JVM may have installed while this one waited for the lock.
            if (lockHash.equals(readOrNull(marker))) {
                return;
            }
            runNpmCi(dir);
            Files.writeString(marker, lockHash);
        } catch (IOException e) {
            throw new UncheckedIOException("npm ci in " + dir, e);
        }
    }

    private static void runNpmCi(Path dir) throws IOException {
        Path log = Files.createTempFile("parley-npm-ci-", ".log");
        // --ignore-scripts: none of these packages needs an install script, so none runs.
        Process process = new ProcessBuilder(npm().toString(), "ci", "--ignore-scripts", "--no-audit", "--no-fund",
                "--loglevel=error")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            if (!process.waitFor(INSTALL_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("npm ci in " + dir + " did not finish within " + INSTALL_BOUND
                        + ":\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during npm ci", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + dir + " failed (exit " + process.exitValue() + "):\n"
                    + Files.readString(log));
        }
        Files.deleteIfExists(log);
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(entry, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String readOrNull(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(digest().digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256Text(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
