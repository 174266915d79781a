package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JS SDK (parley-js/sdk) replays the conformance vectors (conformance/*.json at the repository's
 * root) under Node's test runner, as parley-client's ConformanceTest makes the Java SDK do: runs
 * {@code node --test conformance/replay.test.mjs} and expects one passed test per vector.
 */
class JsConformanceTest {

    private static final List<String> VECTORS = List.of("negotiation.json", "data-channel.json", "call.json");
    /** The replay takes about a second; this only stops a hung one. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Test
    void theJsSdkPassesEveryConformanceVector() throws Exception {
        Path root = NodeTestRun.repositoryRoot("conformance");
        int cases = 0;
        for (String file : VECTORS) {
            cases += new ObjectMapper().readTree(root.resolve("conformance").resolve(file).toFile()).get("cases").size();
        }
        assertThat(cases).as("cases in " + VECTORS).isPositive();

        NodeTestRun run = NodeTestRun.node(root, BOUND, "--test", "--test-reporter=tap", "conformance/replay.test.mjs");
        assertThat(run.exitCode()).as("exit code of node --test conformance/replay.test.mjs:\n" + run.output()).isZero();
        assertThat(run.summary("fail")).as("failed vectors:\n" + run.output()).isZero();
        assertThat(run.summary("pass")).as("passed vectors (one per case of " + VECTORS + "):\n" + run.output()).isEqualTo(cases);
    }
}
