package dev.parley.e2e;

import dev.parley.server.dialect.clients.NodeModules;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Seed 002's React page ({@code src/test/seed002-app}: the article's Simple1v1 and SignalServer, and
 * the least glue to build them), installed from its lockfile by {@link NodeModules} and built with
 * {@code vite build} when {@code dist/} is missing or older than any of its inputs. The build's output
 * is what Parley serves with {@code --web-root}.
 */
public final class Seed002App {
    private static final Duration BUILD_BOUND = Duration.ofMinutes(3);
    /** Written into dist/ after a build succeeded; a dot file, so never copied to a web root. */
    private static final String STAMP = ".parley-built";

    private Seed002App() {}

    /**
     * Maven runs this before it forks the test JVM (parley-e2e's pom, phase process-test-classes):
     * that JVM lives in a network namespace with loopback only, where {@code npm ci} cannot reach
     * the registry. The test's own call then finds the page built. A failure here is printed and
     * left to Seed002PageTest to report, so the other browser tests still run.
     */
    public static void main(String[] args) {
        try {
            built();
        } catch (RuntimeException e) {
            System.err.println("[seed 002 page] not prepared; Seed002PageTest will try again and fail: " + e);
        }
    }

    /** Copies the built page (building it first if it is stale) into {@code target}. */
    static synchronized void copyInto(Path target) {
        Path dist = built();
        try (Stream<Path> files = Files.walk(dist)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = dist.relativize(file);
                if (relative.getFileName().toString().startsWith(".")) continue;
                Files.createDirectories(target.resolve(relative).getParent());
                Files.copy(file, target.resolve(relative));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path built() {
        long start = System.nanoTime();
        Path dir = NodeModules.installed(locate());
        long installed = System.nanoTime();
        Path dist = dir.resolve("dist");
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "parley-seed002-app-build.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (stale(dir, dist)) {
                build(dir);
                Files.writeString(dist.resolve(STAMP), "built by Seed002App\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("vite build in " + dir, e);
        }
        System.out.printf("[seed 002 page] npm ci (or its marker) %d ms, vite build (or up to date) %d ms%n",
                (installed - start) / 1_000_000, (System.nanoTime() - installed) / 1_000_000);
        return dist;
    }

    private static Path locate() {
        for (Path candidate : List.of(Path.of("src/test/seed002-app"), Path.of("parley-e2e/src/test/seed002-app"))) {
            if (Files.isRegularFile(candidate.resolve("package-lock.json"))) return candidate;
        }
        throw new IllegalStateException("seed 002's page (src/test/seed002-app) not found from " + Path.of("").toAbsolutePath());
    }

    /** Whether the stamp is missing or older than the lockfile, the installed modules or any source. */
    private static boolean stale(Path dir, Path dist) throws IOException {
        Path stamp = dist.resolve(STAMP);
        if (!Files.isRegularFile(stamp)) return true;
        FileTime builtAt = Files.getLastModifiedTime(stamp);
        List<Path> inputs = List.of(dir.resolve("package.json"), dir.resolve("package-lock.json"),
                dir.resolve("index.html"), dir.resolve("vite.config.js"), dir.resolve("node_modules/.parley-lock-sha256"));
        for (Path input : inputs) {
            if (Files.getLastModifiedTime(input).compareTo(builtAt) > 0) return true;
        }
        try (Stream<Path> sources = Files.walk(dir.resolve("src"))) {
            for (Path source : sources.filter(Files::isRegularFile).toList()) {
                if (Files.getLastModifiedTime(source).compareTo(builtAt) > 0) return true;
            }
        }
        return false;
    }

    private static void build(Path dir) throws IOException {
        Path log = Files.createTempFile("parley-seed002-vite-", ".log");
        ProcessBuilder builder = new ProcessBuilder(NodeModules.node().toString(), "node_modules/vite/bin/vite.js", "build")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("NO_COLOR", "1");
        Process process = builder.start();
        try {
            if (!process.waitFor(BUILD_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("vite build in " + dir + " did not finish within " + BUILD_BOUND
                        + ":\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during vite build", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("vite build in " + dir + " failed (exit " + process.exitValue() + "):\n"
                    + Files.readString(log));
        }
        Files.deleteIfExists(log);
    }
}
