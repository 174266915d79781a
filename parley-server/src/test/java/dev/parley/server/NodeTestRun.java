package dev.parley.server;

import static org.assertj.core.api.Assertions.fail;

import dev.parley.server.dialect.clients.NodeModules;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One bounded run of a Node test command in a directory (the JS SDK's tests, its declarations check,
 * parley-e2e's cross-browser run.sh): the exit code and the output, with Node's TAP summary read from it.
 */
public record NodeTestRun(int exitCode, String output) {
    private static final Pattern SUMMARY = Pattern.compile("^# (tests|pass|fail|skipped) (\\d+)$", Pattern.MULTILINE);

    /** Runs {@code node args...} in {@code dir}; a run past {@code bound} is stopped and fails the test. */
    static NodeTestRun node(Path dir, Duration bound, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(NodeModules.node().toString());
        command.addAll(List.of(args));
        return run(dir, bound, Map.of(), command);
    }

    /** Runs {@code command} in {@code dir} with {@code env} added; a run past {@code bound} is stopped and fails the test. */
    public static NodeTestRun run(Path dir, Duration bound, Map<String, String> env, List<String> command)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("parley-node-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(env);
            Process node = builder.start();
            if (!node.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                // node --test runs each file in a child process of its own: stop them all.
                node.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly();
                node.waitFor(5, TimeUnit.SECONDS);
                fail(String.join(" ", command) + " in " + dir + " did not finish within " + bound + ":\n" + Files.readString(output));
            }
            return new NodeTestRun(node.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** A count from the TAP summary ({@code # pass 21}: tests, pass, fail, skipped), or -1 when there is none. */
    public int summary(String what) {
        Matcher m = SUMMARY.matcher(output);
        while (m.find()) {
            if (m.group(1).equals(what)) {
                return Integer.parseInt(m.group(2));
            }
        }
        return -1;
    }

    /** The repository's root: the directory above the working one that holds {@code marker}. */
    static Path repositoryRoot(String marker) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(marker))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no " + marker + "/ directory above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
