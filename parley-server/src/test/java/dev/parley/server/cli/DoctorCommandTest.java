package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code parley doctor} on the command line: its exit codes, its one-line refusals, the report's forms and its default target. */
class DoctorCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ParleyCommand.commandLine(new ParleyCommand(), Map.of()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    private static int closedPort() throws Exception {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aServerThatCannotCarryACallExitsWith1AndSaysWhy() throws Exception {
        int port = closedPort();
        assertThat(run("doctor", "--timeout", "1s", "https://127.0.0.1:" + port)).isEqualTo(1);
        assertThat(out.toString()).startsWith("Parley doctor: https://127.0.0.1:" + port + "\n[FAIL] HTTPS: nothing answers")
                .contains("Fix: Start Parley").endsWith("Verdict: calls will fail for some or all users: HTTPS failed\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theJsonReportIsForScripts() throws Exception {
        int port = closedPort();
        assertThat(run("doctor", "--json", "--timeout", "1s", "127.0.0.1:" + port)).isEqualTo(1);
        var json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("target").asText()).isEqualTo("https://127.0.0.1:" + port);
        assertThat(json.path("callsCanWork").asBoolean(true)).isFalse();
        assertThat(json.path("checks").get(0).path("id").asText()).isEqualTo("https");
        assertThat(json.path("checks").get(0).path("status").asText()).isEqualTo("fail");
        assertThat(json.path("checks").get(0).path("fix").asText()).contains("open TCP port " + port);
    }

    @Test
    void withoutAUrlItLooksAtThisMachinesServerAsConfigured() throws Exception {
        int port = closedPort();
        assertThat(run("--no-https", "--http-port", String.valueOf(port), "doctor", "--timeout", "1s")).isEqualTo(1);
        assertThat(out.toString()).startsWith("Parley doctor: http://127.0.0.1:" + port + "/\n")
                .contains("[warn] HTTPS: the page is plain HTTP", "[FAIL] WebSocket: no WebSocket at ws://127.0.0.1:" + port + "/ws");
    }

    /** The server's own config file serves the doctor on that server: its keys are the server's, not the doctor's. */
    @Test
    void theServersConfigFileIsTheDoctorsToo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        int port = closedPort();
        var file = java.nio.file.Files.writeString(dir.resolve("parley.toml"), "https = false\nhttp-port = " + port + "\nroom-capacity = 4\n");
        assertThat(run("doctor", "--timeout", "1s", "--config", file.toString())).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).startsWith("Parley doctor: http://127.0.0.1:" + port + "/\n");
        var command = new ParleyCommand();
        ParleyCommand.commandLine(command, Map.of()).parseArgs("doctor", "--config", java.nio.file.Path.of("..", "docs", "parley.example.toml").toString());
        assertThat(command.httpsPort).as("the annotated example, read for the doctor").isEqualTo(443);
    }

    @Test
    void onTheServerItLooksByTheNameInItsCertificate() {
        assertThat(DoctorCommand.defaultPage(true, 443, "127.0.0.1", 8080, java.util.List.of("*.example.org", "203.0.113.7", "calls.example.org")))
                .hasToString("https://calls.example.org/");
        assertThat(DoctorCommand.defaultPage(true, 8443, "127.0.0.1", 8080, java.util.List.of())).as("the generated certificate").hasToString("https://localhost:8443/");
        assertThat(DoctorCommand.defaultPage(false, 8443, "127.0.0.1", 8080, java.util.List.of("calls.example.org"))).hasToString("http://127.0.0.1:8080/");
        assertThat(DoctorCommand.defaultPage(false, 8443, "10.0.0.11", 8080, java.util.List.of())).as("a cluster node's own address")
                .hasToString("http://10.0.0.11:8080/");
        assertThat(DoctorCommand.defaultPage(false, 8443, "0.0.0.0", 8080, java.util.List.of())).hasToString("http://127.0.0.1:8080/");
    }

    @Test
    void badOptionsAreOneLineAndExitCode2() {
        assertThat(run("doctor", "ftp://example.org")).isEqualTo(2);
        assertThat(err.toString()).startsWith("parley: URL must be http:// or https:// and name a host, not 'ftp://example.org'\n");
        err.getBuffer().setLength(0);
        assertThat(run("doctor", "--trust", "/nonexistent/cert.pem", "--timeout", "0s", "https://127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("parley: --timeout must be 1s to 1m, not 0s\n")
                .contains("parley: --trust /nonexistent/cert.pem: /nonexistent/cert.pem: no such file or directory\n")
                .contains("Try 'parley doctor --help'");
        assertThat(out.toString()).isEmpty();
    }
}
