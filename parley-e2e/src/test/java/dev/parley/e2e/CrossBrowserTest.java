package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.server.dialect.clients.NodeModules;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern SUMMARY = Pattern.compile("^# (tests|pass|fail|skipped) (\\d+)$", Pattern.MULTILINE);

    @Test
    void chromiumAndFirefoxCallEachOtherThroughParley() throws Exception {
        assumeTrue(namespacesAllowed(), "this user may not create network and mount namespaces (CI runs as root and may):"
                + " Firefox's calls need a namespace with an interface besides loopback");
        Path firefox = Path.of(System.getProperty("parley.firefox", "/usr/bin/firefox-esr"));
        assertThat(firefox).as("Firefox (./scripts/test installs Debian's firefox-esr)").isExecutable();
        Path dir = NodeModules.installed(Path.of("src/test/cross-browser")); // installed by Maven before the tests (pom)
        Path jar = Path.of("../parley-server/target/parley.jar").toAbsolutePath().normalize();
        assertThat(jar).as("the packaged server (parley-server's package phase)").isRegularFile();

        Path log = Files.createTempFile("parley-cross-browser-", ".tap");
        try {
            ProcessBuilder builder = new ProcessBuilder("./run.sh", "--test-reporter=tap")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> env = builder.environment();
            env.put("PARLEY_JAR", jar.toString());
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("PARLEY_FIREFOX", firefox.toString());
            env.put("PARLEY_CHROMIUM", System.getProperty("parley.chromium", "/usr/bin/chromium"));
            env.put("PARLEY_SCREENSHOTS", Path.of(System.getProperty("parley.screenshots", "target/screenshots")).toAbsolutePath().toString());
            Process run = builder.start();
            if (!run.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                run.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                run.destroyForcibly();
                run.waitFor(10, TimeUnit.SECONDS);
            }
            String tap = Files.readString(log);
            System.out.println(tap);
            assertThat(run.isAlive()).as("run.sh still running after " + BOUND).isFalse();
            Map<String, Integer> counts = summary(tap);
            assertThat(counts.get("fail")).as("failed cross-browser tests:\n" + tap).isZero();
            assertThat(run.exitValue()).as("exit code of run.sh:\n" + tap).isZero();
            assertThat(counts.get("pass")).as("passed cross-browser tests (all but the skipped):\n" + tap)
                    .isPositive().isEqualTo(counts.get("tests") - counts.get("skipped"));
            assertThat(counts.get("skipped")).as("skipped (Firefox's own screen share needs Xvfb, which ./scripts/test installs):\n" + tap)
                    .isZero();
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Map<String, Integer> summary(String tap) {
        Map<String, Integer> counts = new java.util.HashMap<>(Map.of("tests", -1, "pass", -1, "fail", -1, "skipped", -1));
        Matcher m = SUMMARY.matcher(tap);
        while (m.find()) counts.put(m.group(1), Integer.parseInt(m.group(2)));
        return counts;
    }

    /** Whether run.sh can make its namespaces, veth pair included (root, as CI runs, on a kernel with veth). */
    private static boolean namespacesAllowed() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("unshare", "-n", "-m", "sh", "-c", "ip link add pa type veth peer name pb"))
                .redirectErrorStream(true).start();
        return p.waitFor() == 0;
    }
}
