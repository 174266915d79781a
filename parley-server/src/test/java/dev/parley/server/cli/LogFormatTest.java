package dev.parley.server.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogFormatTest {
    @Test
    void jsonPutsOneObjectPerLineOnTheConsole() throws Exception {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PrintStream console = System.out;
        var captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, UTF_8));
            LogFormat.json.apply();
            var log = LoggerFactory.getLogger("dev.parley.test.LogFormat");
            log.info("session {} started", "s1");
            log.warn("relay failed", new IllegalStateException("port taken"));
        } finally {
            System.setOut(console);
            context.reset(); // the tests' own logging again, for whatever runs next in this JVM
            new ContextInitializer(context).autoConfig();
        }
        var json = new ObjectMapper();
        List<JsonNode> lines = captured.toString(UTF_8).lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not a JSON object: " + l, e);
            }
        }).toList();
        assertThat(lines).hasSize(2);
        JsonNode info = lines.get(0);
        var fields = new java.util.ArrayList<String>();
        info.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("timestamp", "level", "threadName", "loggerName", "formattedMessage", "throwable");
        assertThat(info.get("level").asText()).isEqualTo("INFO");
        assertThat(info.get("loggerName").asText()).isEqualTo("dev.parley.test.LogFormat");
        assertThat(info.get("formattedMessage").asText()).isEqualTo("session s1 started");
        assertThat(info.get("timestamp").asLong()).isPositive();
        assertThat(info.has("message")).as("the pattern with its holes is left out").isFalse();
        assertThat(info.has("context")).isFalse();
        JsonNode warn = lines.get(1);
        assertThat(warn.get("level").asText()).isEqualTo("WARN");
        assertThat(warn.get("throwable").toString()).contains("IllegalStateException", "port taken");
    }

    @Test
    void theFormatIsAnOptionOfEveryCommandFromFlagOrEnvironment() {
        assertThat(parsed(Map.of()).logFormat).isEqualTo(LogFormat.text);
        assertThat(parsed(Map.of(), "--log-format", "json").logFormat).isEqualTo(LogFormat.json);
        assertThat(parsed(Map.of("PARLEY_LOG_FORMAT", "json")).logFormat).isEqualTo(LogFormat.json);
        assertThat(parsed(Map.of(), "turn", "--log-format", "json").logFormat).as("the TURN server alone").isEqualTo(LogFormat.json);
        assertThat(parsed(Map.of(), "echo", "--log-format", "json").logFormat).as("the echo bot").isEqualTo(LogFormat.json);
    }

    @Test
    void anyOtherFormatIsAUsageErrorOnOneLine() {
        var err = new StringWriter();
        int code = ParleyCommand.commandLine(new ParleyCommand(), Map.of()).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err)).execute("--log-format", "xml");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--log-format", "xml", "text", "json");
    }

    private static ParleyCommand parsed(Map<String, String> env, String... args) {
        var command = new ParleyCommand();
        ParleyCommand.commandLine(command, env).parseArgs(args);
        return command;
    }
}
