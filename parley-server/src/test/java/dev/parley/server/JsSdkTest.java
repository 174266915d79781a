package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.dialect.clients.NodeModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JS SDK's own package (parley-js): its unit tests under Node's test runner, over fake WebSocket
 * and RTCPeerConnection objects (parley-js/test), and its TypeScript declarations, which must be what
 * the SDK's JSDoc gives (parley-js/types; regenerated with {@code npm run types}).
 */
class JsSdkTest {
    /** The tests take a few seconds; this only stops a hung one. */
    private static final Duration BOUND = Duration.ofSeconds(120);

    private static Path parleyJs() {
        return NodeTestRun.repositoryRoot("parley-js").resolve("parley-js");
    }

    @Test
    void theSdksUnitTestsPass() throws Exception {
        Path dir = parleyJs();
        List<String> files;
        try (Stream<Path> listed = Files.list(dir.resolve("test"))) {
            // Named one by one: node --test on a directory also runs its helpers, and reads it differently by version.
            files = listed.map(p -> "test/" + p.getFileName()).filter(name -> name.endsWith(".test.mjs")).sorted().toList();
        }
        assertThat(files).as("test files in " + dir.resolve("test")).isNotEmpty();
        List<String> args = new java.util.ArrayList<>(List.of("--test", "--test-reporter=tap"));
        args.addAll(files);
        NodeTestRun run = NodeTestRun.node(dir, BOUND, args.toArray(String[]::new));
        assertThat(run.exitCode()).as("exit code of node --test " + files + ":\n" + run.output()).isZero();
        assertThat(run.summary("fail")).as("failed:\n" + run.output()).isZero();
        assertThat(run.summary("pass")).as("passed, at least one per file:\n" + run.output()).isGreaterThanOrEqualTo(files.size());
    }

    @Test
    void theTypeScriptDeclarationsAreWhatTheJsDocGives() throws IOException, InterruptedException {
        Path dir = NodeModules.installed(parleyJs()); // TypeScript, from the package's lockfile
        NodeTestRun run = NodeTestRun.node(dir, BOUND, "scripts/check-types.mjs");
        assertThat(run.exitCode()).as("node scripts/check-types.mjs:\n" + run.output()).isZero();
        assertThat(run.output()).contains("up to date with sdk/");
    }
}
