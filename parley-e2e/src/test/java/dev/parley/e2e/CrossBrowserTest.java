package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.server.NodeTestRun;
import dev.parley.server.dialect.clients.NodeModules;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Chromium ↔ Firefox calls through the web app (src/test/cross-browser: Node's test runner and
 * Puppeteer, which drives Debian's firefox-esr over WebDriver BiDi; Playwright for Java cannot drive
 * it). Firefox gathers no ICE candidates with loopback alone, so its run.sh makes a network namespace
 * of its own with a veth pair (198.18.0.1 ↔ 198.18.0.2, both ends inside: nothing leaves) and starts
 * the packaged server, both browsers and an Xvfb (for Firefox's screen capture) there.
 */
@Tag("cross-browser")
class CrossBrowserTest {
    /** The tests take about four minutes on two cores; run.sh stops at 900 s, this only catches a hang of run.sh itself. */
    private static final Duration BOUND = Duration.ofMinutes(16);

    @Test
    void chromiumAndFirefoxCallEachOtherThroughParley() throws Exception {
        assumeTrue(namespacesAllowed(), "this user may not create network and mount namespaces (CI runs as root and may):"
                + " Firefox's calls need a namespace with an interface besides loopback");
        Path firefox = Path.of(System.getProperty("parley.firefox", "/usr/bin/firefox-esr"));
        assertThat(firefox).as("Firefox (./scripts/test installs Debian's firefox-esr)").isExecutable();
        Path dir = NodeModules.installed(Path.of("src/test/cross-browser")); // installed by Maven before the tests (pom)
        Path jar = Path.of("../parley-server/target/parley.jar").toAbsolutePath().normalize();
        assertThat(jar).as("the packaged server (parley-server's package phase)").isRegularFile();

        Map<String, String> env = Map.of(
                "PARLEY_JAR", jar.toString(),
                "JAVA_HOME", System.getProperty("java.home"),
                "PARLEY_FIREFOX", firefox.toString(),
                "PARLEY_CHROMIUM", System.getProperty("parley.chromium", "/usr/bin/chromium"),
                "PARLEY_SCREENSHOTS", Path.of(System.getProperty("parley.screenshots", "target/screenshots")).toAbsolutePath().toString());
        NodeTestRun run = NodeTestRun.run(dir, BOUND, env, List.of("./run.sh", "--test-reporter=tap"));
        String tap = run.output();
        System.out.println(tap);
        assertThat(run.summary("fail")).as("failed cross-browser tests:\n" + tap).isZero();
        assertThat(run.exitCode()).as("exit code of run.sh:\n" + tap).isZero();
        assertThat(run.summary("pass")).as("passed cross-browser tests (all but the skipped):\n" + tap)
                .isPositive().isEqualTo(run.summary("tests") - run.summary("skipped"));
        assertThat(run.summary("skipped")).as("skipped (Firefox's own screen share needs Xvfb, which ./scripts/test installs):\n" + tap)
                .isZero();
    }

    /** Whether run.sh can make its namespaces, veth pair included (root, as CI runs, on a kernel with veth). */
    private static boolean namespacesAllowed() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("unshare", "-n", "-m", "sh", "-c", "ip link add pa type veth peer name pb"))
                .redirectErrorStream(true).start();
        return p.waitFor() == 0;
    }
}
