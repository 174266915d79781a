package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JS SDK (this module's web/parley-*.js) replays the conformance vectors (conformance/*.json at the
 * repository's root) under Node's test runner, as parley-client's ConformanceTest makes the Java SDK do:
 * runs {@code node --test conformance/replay.test.mjs} and expects one passed test per vector.
 */
class JsConformanceTest {

    private static final List<String> VECTORS = List.of("negotiation.json", "data-channel.json", "call.json");
    /** The replay takes about a second; this only stops a hung one. */
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final Pattern SUMMARY = Pattern.compile("^# (pass|fail) (\\d+)$", Pattern.MULTILINE);

    @Test
    void theJsSdkPassesEveryConformanceVector() throws Exception {
        Path root = repositoryRoot();
        int cases = 0;
        for (String file : VECTORS) {
            cases += new ObjectMapper().readTree(root.resolve("conformance").resolve(file).toFile()).get("cases").size();
        }
        assertThat(cases).as("cases in " + VECTORS).isPositive();

        Path output = Files.createTempFile("parley-js-conformance-", ".tap");
        try {
            Process node = new ProcessBuilder(node().toString(), "--test", "--test-reporter=tap", "conformance/replay.test.mjs")
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!node.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                // node --test runs the file in a child process of its own: stop both.
                node.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly();
                node.waitFor(5, TimeUnit.SECONDS);
                fail("node --test conformance/replay.test.mjs did not finish within " + BOUND + ":\n" + Files.readString(output));
            }
            String tap = Files.readString(output);
            assertThat(node.exitValue()).as("exit code of node --test conformance/replay.test.mjs:\n" + tap).isZero();
            assertThat(summary(tap, "fail")).as("failed vectors:\n" + tap).isZero();
            assertThat(summary(tap, "pass")).as("passed vectors (one per case of " + VECTORS + "):\n" + tap).isEqualTo(cases);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** A count from the TAP summary ({@code # pass 21}), or -1 when there is none. */
    private static int summary(String tap, String what) {
        Matcher m = SUMMARY.matcher(tap);
        while (m.find()) {
            if (m.group(1).equals(what)) {
                return Integer.parseInt(m.group(2));
            }
        }
        return -1;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("conformance"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no conformance/ directory above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static Path node() throws IOException {
        String path = System.getenv("PATH");
        for (String entry : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path candidate = entry.isEmpty() ? null : Path.of(entry, "node");
            if (candidate != null && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("node is missing: the JS SDK's conformance tests run on Node.js 18.19 or later"
                + " (Debian: apt-get install -y nodejs; ./scripts/test installs it)");
    }
}
