package dev.parley.server.cli;

import dev.parley.client.webrtc.echo.EchoBot;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley echo}: the echo test bot, beside a running server (or against any Parley server):
 * a way to check a deployment end to end, media through the relay included with {@code --relay}.
 */
@Command(name = "echo", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false, showDefaultValues = true,
        description = "Run the echo test: a bot in a room that sends every caller their own video and sound back. "
                + "In the web app, \"Test your camera and microphone\" joins it.")
final class EchoCommand implements Callable<Integer> {
    /** How long connecting and joining may take before the bot gives up. */
    private static final long START_SECONDS = 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--server", defaultValue = "ws://127.0.0.1:8080/ws", description = "The Parley server's WebSocket URL (ws:// or wss://).")
    URI server;

    @Option(names = "--room", defaultValue = "echo", description = "The room the bot waits in (the web app's echo test joins 'echo').")
    String room;

    @Option(names = "--name", defaultValue = "echo", description = "The name the bot goes by.")
    String name;

    @Option(names = "--token", showDefaultValue = CommandLine.Help.Visibility.NEVER, description = "An access token, for a server in token mode (see parley token).")
    String token;

    @Option(names = "--relay", description = "Media only through the server's TURN relay, to check the relay end to end.")
    boolean relay;

    @Option(names = "--trust", paramLabel = "PEM", description = "Also trust this certificate for wss:// (e.g. the self-signed parley-cert.pem in the server's data directory).")
    java.nio.file.Path trust;

    @Override
    public Integer call() throws Exception {
        var problems = new Problems();
        problems.require(server.getHost() != null && server.getRawAuthority() != null && !server.getRawAuthority().endsWith(":")
                        && ("ws".equals(server.getScheme()) || "wss".equals(server.getScheme())),
                "--server must be a ws:// or wss:// URL, like ws://127.0.0.1:8080/ws");
        problems.require(!room.isBlank(), "--room must not be empty");
        javax.net.ssl.SSLContext tls = null;
        if (trust != null) {
            try {
                tls = TrustedCertificate.sslContext(trust);
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                problems.require(false, "--trust " + trust + ": " + e.getMessage());
            }
        }
        problems.throwIfAny(spec.commandLine());
        var err = spec.commandLine().getErr();
        EchoBot bot;
        try {
            bot = EchoBot.start(new EchoBot.Options(server, room, name, token, relay, tls)).get(START_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            err.println("parley: the echo bot could not join room '" + room + "' on " + server + ": " + reason(e.getCause()));
            return 1;
        } catch (LinkageError e) {
            err.println("parley: the echo bot needs webrtc-java's native library for this platform, which this build lacks: " + e.getMessage());
            return 1;
        } catch (java.util.concurrent.TimeoutException e) {
            err.println("parley: the echo bot could not join room '" + room + "' on " + server + " within " + START_SECONDS + " s");
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(bot::close, "parley-echo-shutdown"));
        var out = spec.commandLine().getOut();
        out.printf("Parley echo test is running: room '%s' on %s%s.%n", room, server, relay ? ", media only through the TURN relay" : "");
        out.println("In the web app, choose \"Test your camera and microphone\" (or join the room '" + room + "'). Stop with Ctrl+C.");
        out.flush();
        String why = bot.ended().get();
        if ("closed".equals(why)) return 0;
        err.println("parley: the echo bot stopped: " + why);
        return 1;
    }

    private static String reason(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        if (e == null) return "unknown";
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
