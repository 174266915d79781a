package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.parley.server.ParleyServer;
import dev.parley.server.TestCertificates;
import dev.parley.server.cli.ParleyCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the network test page (/test) in Chromium, against a server whose STUN and TURN work
 * over UDP, TCP and TLS (the verdict: calls will work, each relay carrying a data channel there and
 * back), and against one whose TURN server is stopped (the verdict says calls will fail, and why).
 * The relay reaches loopback peers here, as an operator would allow a LAN.
 */
class NetworkTestPageTest {
    private static Chromium chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        // TURN over TLS with the test's self-signed certificate: a browser takes it only when told to.
        chromium = new Chromium(List.of("--ignore-certificate-errors"));
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
    }

    private ParleyServer server(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--http-host", "127.0.0.1", "--http-port", "0", "--https-host", "127.0.0.1",
                "--https-port", "0", "--data-dir", dir.resolve("data").toString()));
        all.addAll(List.of(args));
        var command = new ParleyCommand();
        ParleyCommand.commandLine(command, Map.of()).parseArgs(all.toArray(String[]::new));
        return ParleyServer.start(command.config());
    }

    /** The page's own run: its verdict, sentence and each step as "status: detail", and the report it offers to copy. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> runPage(String url, String screenshot) {
        BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(960, 900));
        try {
            context.grantPermissions(List.of("camera", "microphone"));
            Page page = context.newPage();
            page.onConsoleMessage(m -> System.out.println("[network test console " + m.type() + "] " + m.text()));
            page.navigate(url);
            var result = (Map<String, Object>) page.evaluate("() => window.parleyTest.then(r => ({ verdict: r.verdict, text: r.text, "
                    + "steps: Object.fromEntries(r.results.map(s => [s.id, s.status + ': ' + s.detail])), "
                    + "report: document.getElementById('test-report').value, shown: document.getElementById('test-verdict').textContent }))");
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", screenshot + ".png")).setFullPage(true));
            return result;
        } finally {
            context.close();
        }
    }

    @Test
    void onAGoodServerEveryWayWorksAndCallsWillWork() throws Exception {
        var tls = TestCertificates.create(dir.resolve("tls"));
        try (var server = server("--tls-cert", tls.certificate().toString(), "--tls-key", tls.privateKey().toString(),
                "--turn-listen-host", "127.0.0.1", "--turn-port", "0", "--turn-tls-port", "0", "--turn-relay-ip", "127.0.0.1",
                "--turn-allow-peer", "127.0.0.0/8", "--turn-allow-dangerous-peers")) {
            var result = runPage("http://127.0.0.1:" + server.httpPort() + "/test", "network-test-good");
            @SuppressWarnings("unchecked") var steps = (Map<String, String>) result.get("steps");
            assertThat(steps.keySet()).containsExactly("devices", "signaling", "direct", "stun", "turn-udp", "turn-tcp", "turn-tls");
            assertThat(steps.get("devices")).as("Chromium's fake camera and beeping microphone").startsWith("pass: camera").endsWith("hearing sound");
            assertThat(steps.get("signaling")).isEqualTo("pass: connected to ws://127.0.0.1:" + server.httpPort() + "/ws");
            assertThat(steps.get("stun")).startsWith("pass: ");
            for (String relay : List.of("turn-udp", "turn-tcp", "turn-tls")) {
                assertThat(steps.get(relay)).as(relay).startsWith("pass: a data channel went through turn").contains("and back in");
            }
            assertThat(result.get("verdict")).isEqualTo("work");
            assertThat(result.get("shown")).isEqualTo("Calls will work.");
            assertThat((String) result.get("report")).contains("Server: http://127.0.0.1:" + server.httpPort(), "[ok]   Relay over TLS: ",
                    "Verdict: Calls will work.");
            assertThat(server.turn().stats().allocationsCreated.sum()).as("the relays were Parley's").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void withTheTurnServerStoppedTheVerdictSaysCallsWillFailAndWhatIsBlocked() throws Exception {
        int stopped = dev.parley.server.FreePorts.udpAndTcp();
        String at = "127.0.0.1:" + stopped;
        try (var server = server("--no-https", "--no-turn", "--turn-secret", "network-test-page-secret-0123",
                "--turn-external-url", "turn:" + at + "?transport=udp,turn:" + at + "?transport=tcp", "--ice-server", "stun:" + at)) {
            var result = runPage("http://127.0.0.1:" + server.httpPort() + "/test", "network-test-turn-stopped");
            @SuppressWarnings("unchecked") var steps = (Map<String, String>) result.get("steps");
            assertThat(steps.get("signaling")).startsWith("pass: ");
            assertThat(steps.get("stun")).startsWith("fail: no answer from stun:" + at);
            assertThat(steps.get("turn-udp")).startsWith("fail: no relay from turn:" + at + "?transport=udp");
            assertThat(steps.get("turn-tcp")).startsWith("fail: no relay from turn:" + at + "?transport=tcp");
            assertThat(result.get("verdict")).isEqualTo("fail");
            assertThat((String) result.get("shown")).startsWith("Calls will fail: your network blocks Through NAT (STUN), Relay over UDP, Relay over TCP.");
        }
    }

    @Test
    void theHomePageLinksToIt() throws Exception {
        try (var server = server("--no-https", "--no-turn");
             var person = chromium.person("home", "about:blank")) {
            person.page().navigate("http://127.0.0.1:" + server.httpPort() + "/");
            assertThat(person.page().getAttribute("#network-test-link", "href")).isEqualTo("/test");
            person.page().click("#network-test-link");
            person.page().waitForFunction("() => document.getElementById('test-verdict')?.dataset.verdict !== 'testing'", null,
                    new Page.WaitForFunctionOptions().setTimeout(60_000));
            assertThat(person.page().url()).endsWith("/test");
        }
    }
}
