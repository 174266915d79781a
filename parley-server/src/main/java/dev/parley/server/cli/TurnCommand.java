package dev.parley.server.cli;

import dev.parley.server.tls.ReloadingSslContext;
import dev.parley.server.turn.EmbeddedTurn;
import dev.parley.server.turn.TurnOptions;
import dev.parley.server.turn.TurnSecret;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code parley turn}: the STUN/TURN server alone, e.g. on its own machine with a public address. */
@Command(name = "turn", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false, showDefaultValues = true,
        description = "Run only the STUN/TURN server. Point a signaling server at it with --no-turn "
                + "--turn-external-url turn:<this host>:3478 and the same --turn-secret.")
final class TurnCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    ParleyCommand parent;

    @Mixin
    TurnMixin turn = new TurnMixin();

    @Option(names = "--tls-cert", description = "PEM certificate chain for TURN over TLS (with --tls-key); without it there is no TLS listener.")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM private key (PKCS#8) for --tls-cert.")
    Path tlsKey;

    @Override
    public Integer call() throws Exception {
        var problems = new Problems();
        problems.require((tlsCert == null) == (tlsKey == null), "--tls-cert and --tls-key go together");
        problems.require(turn.enabled, "--no-turn leaves nothing to run");
        TurnOptions options = turn.options(problems, turn.explicitSecret() ? turn.secret : TurnSecret.random(), tlsCert != null);
        problems.throwIfAny(spec.commandLine());
        // Every option is checked, and then this machine, before the data directory is touched.
        if (!turn.explicitSecret()) Preflight.dataDirectory(problems, parent.certificateDir(), List.of(TurnSecret.FILE));
        if (tlsCert != null) Preflight.certificate(problems, tlsCert, tlsKey);
        turn.checkRelayIsLocal(problems, options);
        var listeners = turn.listeners(options, tlsCert != null);
        Preflight.addresses(problems, listeners);
        problems.throwIfAny(spec.commandLine());
        Preflight.ports(listeners);
        if (!turn.explicitSecret()) options = options.withSecret(TurnSecret.loadOrCreate(parent.certificateDir()));
        // A renewed certificate is picked up by new TLS connections, as in the full server.
        var watcher = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("parley-tls-watch", true));
        var stopped = new CountDownLatch(1);
        try (ReloadingSslContext tls = tlsCert == null ? null : ReloadingSslContext.of(tlsCert, tlsKey).watch(watcher, ReloadingSslContext.CHECK_EVERY);
             EmbeddedTurn server = EmbeddedTurn.start(options, tls)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "parley-turn-shutdown"));
            StartupHeap.settle();
            var out = spec.commandLine().getOut();
            out.printf("Parley STUN/TURN %s is running: udp and tcp port %d%s; relaying from %s, ports %d-%d.%n", Version.current(),
                    server.udpPort(), server.tlsPort() > 0 ? ", tls port " + server.tlsPort() : "",
                    Urls.relaying(options), options.minPort(), options.maxPort());
            out.println(turn.explicitSecret() ? "Credentials: TURN REST API with the given --turn-secret."
                    : "Credentials: TURN REST API with the secret in " + parent.certificateDir().resolve(TurnSecret.FILE) + ".");
            out.println("Stop with Ctrl+C.");
            out.flush();
            stopped.await();
        } finally {
            watcher.shutdownNow();
        }
        return 0;
    }
}
