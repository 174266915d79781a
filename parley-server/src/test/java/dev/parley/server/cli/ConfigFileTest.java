package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IceServer;
import dev.parley.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 18: a config file with the options' own names, below the environment and the flags, refusing what it cannot mean with its line. */
class ConfigFileTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private ServerConfig parse(Map<String, String> env, String... args) {
        var command = new ParleyCommand();
        ParleyCommand.commandLine(command, env).parseArgs(args);
        return command.config();
    }

    /** Through the real entry point with every listener on a free loopback port, in case a start is wrongly accepted. */
    private int run(Map<String, String> env, String... args) {
        var all = new HashMap<>(env);
        all.put("XDG_DATA_HOME", dir.resolve("data").toString());
        return ParleyCommand.commandLine(new ParleyCommand(), all).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    private static final String TOML = """
            # a small server
            http-port = 8090
            room-capacity = 4
            call-timeout = "45s"
            https = false
            ice-server = ["stun:stun.example.org:3478", "stun:stun2.example.org"]
            allowed-origin = "https://a.example.org,https://b.example.org"
            max-messages-per-second = 12.5
            turn-relay-ports = "50000-50999"
            turn-user = ["kiosk:pa:ss"]
            """;

    @Test
    void aTomlFileSetsOptionsByTheirLongNames() throws Exception {
        Path file = write("parley.toml", TOML);
        assertSmallServer(parse(Map.of(), "--config", file.toString()));
        assertSmallServer(parse(Map.of(), "--config=" + file));
        assertSmallServer(parse(Map.of("PARLEY_CONFIG", file.toString())));
    }

    @Test
    void aYamlFileSetsTheSameOptions() throws Exception {
        Path file = write("parley.yaml", """
                # a small server
                http-port: 8090
                room-capacity: 4
                call-timeout: 45s
                https: false
                ice-server:
                  - stun:stun.example.org:3478
                  - stun:stun2.example.org
                allowed-origin: https://a.example.org,https://b.example.org
                max-messages-per-second: 12.5
                turn-relay-ports: 50000-50999
                turn-user: [ "kiosk:pa:ss" ]
                """);
        assertSmallServer(parse(Map.of(), "--config", file.toString()));
        assertThat(parse(Map.of(), "--config", write("empty.yml", "").toString()).http().port()).as("an empty file sets nothing").isEqualTo(8080);
    }

    private static void assertSmallServer(ServerConfig c) {
        assertThat(c.http().port()).isEqualTo(8090);
        assertThat(c.signaling().roomCapacity()).isEqualTo(4);
        assertThat(c.signaling().callTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.https()).isNull();
        assertThat(c.signaling().iceServers().forSession("s", null)).extracting(IceServer::urls)
                .containsExactly(List.of("stun:stun.example.org:3478"), List.of("stun:stun2.example.org"));
        assertThat(c.guards().allowedOrigins()).containsExactly("https://a.example.org", "https://b.example.org");
        assertThat(c.signaling().guards().messagesPerSecond()).isEqualTo(12.5);
        assertThat(c.turn().minPort()).isEqualTo(50000);
        assertThat(c.turn().maxPort()).isEqualTo(50999);
        assertThat(c.turn().users()).isEqualTo(Map.of("kiosk", "pa:ss"));
    }

    @Test
    void anEmptyListLeavesTheDefaultAndSecretsStayOutOfTheHelp() throws Exception {
        assertThat(parse(Map.of(), "--config", write("e.toml", "turn-allow-peer = []\nice-server = []\n").toString()).turn().allowPeers()).isEmpty();
        assertThat(parse(Map.of(), "--config", write("e.yaml", "turn-allow-peer: []\n").toString()).turn().allowPeers()).isEmpty();
        Path secret = write("s.toml", "auth-secret = \"super-secret-0123456789abcdef0123456789\"\nturn-secret = \"turn-super-secret-0123\"\n"
                + "redis = \"redis://:pass-word@10.0.0.5:6379\"\nmetrics-token = \"metrics-super-secret-token\"\nturn-user = [\"kiosk:pa-ss\"]\n");
        assertThat(run(Map.of(), "--config", secret.toString(), "--help")).isZero();
        assertThat(out.toString()).contains("--auth-secret").doesNotContain("super-secret", "pass-word", "pa-ss");
    }

    @Test
    void theEnvironmentOverridesTheFileAndAFlagOverridesBoth() throws Exception {
        String file = write("parley.toml", TOML).toString();
        assertThat(parse(Map.of("PARLEY_HTTP_PORT", "8091"), "--config", file).http().port()).isEqualTo(8091);
        assertThat(parse(Map.of("PARLEY_HTTP_PORT", "8091"), "--config", file, "--http-port", "8092").http().port()).isEqualTo(8092);
        assertThat(parse(Map.of(), "--config", file, "--https").https()).as("a negatable flag over the file's false").isNotNull();
        assertThat(parse(Map.of(), "--config", file).signaling().roomCapacity()).isEqualTo(4);
        assertThat(parse(Map.of("PARLEY_CONFIG", "/nowhere.toml"), "--config", file).http().port()).as("the flag names the file").isEqualTo(8090);
    }

    @Test
    void anUnknownKeyIsRefusedWithItsLineAndTheNearestName() throws Exception {
        Path file = write("parley.toml", "http-port = 8090\n\nhttp-prot = 8091\nzzz-nothing-like-it = 1\n");
        assertThat(run(Map.of(), "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString())
                .contains("parley: " + file + " line 3: unknown key 'http-prot' (did you mean 'http-port'?); the keys are the long options of 'parley --help' without their dashes")
                .contains("parley: " + file + " line 4: unknown key 'zzz-nothing-like-it'; the keys")
                .contains("Try 'parley --help'")
                .doesNotContain("\tat ", "Exception");
        assertThat(dir.resolve("data")).as("nothing written").doesNotExist();
    }

    @Test
    void aBadValueSaysWhichLineOfTheFileItCameFrom() throws Exception {
        Path file = write("parley.toml", "room-capacity = 1\nhttp-port = \"eighty\"\n");
        assertThat(run(Map.of(), "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("'--http-port' (from " + file + " line 2)").contains("eighty");
        assertThat(run(Map.of(), "--config", write("list.toml", "\nmax-frame-bytes = [8090, 8091]\n").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("'--max-frame-bytes' (from " + dir.resolve("list.toml") + " line 2): '8090,8091' is not an int");

        Path range = write("range.toml", "room-capacity = 1\n");
        assertThat(run(Map.of(), "--config", range.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("parley: --room-capacity (from " + range + " line 1) must be 2 to 64, not 1\n");
        assertThat(run(Map.of("PARLEY_ROOM_CAPACITY", "0"), "--config", range.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("parley: --room-capacity (from PARLEY_ROOM_CAPACITY) must be 2 to 64, not 0\n");
    }

    @Test
    void whatAFileCannotMeanIsRefusedWithItsLine() throws Exception {
        assertRefused("t.toml", "http-port = 8090\n[turn]\nport = 3479\n", " line 2: turn is a table; the keys are flat");
        assertRefused("t.toml", "http-port = 8090\nhttp-port = 8091\n", " line 2: ");
        assertRefused("t.toml", "http-port = 8090\nroom-capacity 4\n", " line 2: ");
        assertRefused("t.toml", "http-host = [\"127.0.0.1\", \"::1\"]\n", " line 1: http-host takes one value, not a list");
        assertRefused("t.toml", "config = \"other.toml\"\n", " line 1: a config file cannot name another config file");
        assertRefused("t.toml", "help = true\n", " line 1: unknown key 'help'");
        assertRefused("t.toml", "call-timeout = 1979-05-27\n", " line 1: call-timeout must be a string, a number, true or false");
        assertRefused("t.yaml", "http-port: 8090\nhttp-port: 8091\n", " line 2: http-port is set twice (first on line 1)");
        assertRefused("t.yaml", "turn:\n  port: 3479\n", " line 2: turn is a mapping; the keys are flat");
        assertRefused("t.yaml", "http-port:\n", " line 1: http-port has no value");
        assertRefused("t.yaml", "- http-port\n", " line 1: the file must be a mapping");
        assertRefused("t.yaml", "http-port: [8090\n", " line ");
    }

    private void assertRefused(String name, String text, String expected) throws Exception {
        Path file = write(name, text);
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(run(Map.of(), "--config", file.toString())).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).startsWith("parley: " + file + expected).doesNotContain("\tat ", "Exception:");
    }

    @Test
    void aFileThatIsNotThereOrNotAConfigFileIsOneLine() throws Exception {
        assertThat(run(Map.of(), "--config", dir.resolve("missing.toml").toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("parley: --config " + dir.resolve("missing.toml") + ": no such file\n");
        err.getBuffer().setLength(0);
        assertThat(run(Map.of(), "--config", write("parley.ini", "x=1").toString())).isEqualTo(2);
        assertThat(err.toString()).contains(": name a .toml, .yaml or .yml file");
        err.getBuffer().setLength(0);
        assertThat(run(Map.of("PARLEY_CONFIG", dir.toString()))).isEqualTo(2);
        assertThat(err.toString()).startsWith("parley: --config (from PARLEY_CONFIG) " + dir + ": not a file");
    }

    /** One file for the server serves its subcommands too (the image names one for all): the server's keys are no mistakes there. */
    @Test
    void theServersFileServesItsSubcommands() throws Exception {
        var command = new ParleyCommand();
        CommandLine line = ParleyCommand.commandLine(command, Map.of());
        line.parseArgs("turn", "--config", write("turn.toml", "turn-port = 3479\nturn-threads = 1\nhttp-host = \"0.0.0.0\"\n").toString());
        TurnCommand turn = line.getSubcommands().get("turn").getCommand();
        assertThat(turn.turn.port).isEqualTo(3479);
        assertThat(turn.turn.threads).isEqualTo(1);
        assertThat(command.httpHost).as("the server's key, read by the server's options").isEqualTo("0.0.0.0");
        Path token = write("token.toml", "http-host = \"0.0.0.0\"\nauth-secret = \"config-file-test-secret-0123456789abcdef\"\n");
        assertThat(run(Map.of("PARLEY_CONFIG", token.toString()), "token", "--user", "alice")).as(err.toString()).isZero();
        assertThat(out.toString()).matches("(?s)eyJ[^.]+\\.[^.]+\\.[^.]+\\s*");
        Path typo = write("typo.toml", "turn-prot = 3479\n");
        assertThat(run(Map.of(), "turn", "--config", typo.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(typo + " line 1: unknown key 'turn-prot' (did you mean 'turn-port'?)").contains("Try 'parley turn --help'");
    }

    @Test
    void aSecretInAFileEveryoneMayReadIsWarnedOf() throws Exception {
        Path file = write("parley.toml", "auth-secret = \"0123456789abcdef0123456789abcdef\"\nroom-capacity = 1\n");
        run(Map.of(), "--config", file.toString());
        assertThat(err.toString()).doesNotContain("warning");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        err.getBuffer().setLength(0);
        run(Map.of(), "--config", file.toString());
        assertThat(err.toString()).startsWith("parley: warning: " + file + " holds a secret and every user of this machine may read it: chmod o-r " + file);
    }

    private static final Pattern KEY = Pattern.compile("^#?\\s?([a-z][a-z0-9-]*) = ", Pattern.MULTILINE);

    /** docs/parley.example.toml shows every option, names nothing else, and is itself a valid file. */
    @Test
    void theAnnotatedExampleHasEveryOptionAndNothingElse() throws Exception {
        Path example = Path.of("..", "docs", "parley.example.toml");
        String text = Files.readString(example);
        Set<String> shown = new TreeSet<>();
        Matcher m = KEY.matcher(text);
        while (m.find()) shown.add(m.group(1));
        CommandLine line = ParleyCommand.commandLine(new ParleyCommand(), Map.of());
        Set<String> options = line.getCommandSpec().options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp() && !o.longestName().equals(OptionDefaults.CONFIG))
                .map(OptionDefaults::keyFor).collect(Collectors.toCollection(TreeSet::new));
        assertThat(shown).isEqualTo(options);
        // Every commented-out line taken in, the file is still valid: the examples are real values.
        Path uncommented = write("all.toml", text.replaceAll("(?m)^# ([a-z][a-z0-9-]* = )", "$1"));
        var env = Map.of("XDG_DATA_HOME", dir.toString());
        ServerConfig c = parse(env, "--config", uncommented.toString(), "--turn-relay-ip", "127.0.0.1",
                "--tls-cert", "c.pem", "--tls-key", "k.pem", "--redis", "redis://127.0.0.1:6379", "--web-root", dir.toString());
        assertThat(c).isNotNull();
        assertThat(parse(env, "--config", example.toString())).isNotNull();
    }

    @Test
    void editDistance() {
        assertThat(OptionDefaults.distance("http-prot", "http-port")).isEqualTo(2);
        assertThat(OptionDefaults.distance("", "abc")).isEqualTo(3);
        assertThat(OptionDefaults.distance("turn-port", "turn-port")).isZero();
    }
}
