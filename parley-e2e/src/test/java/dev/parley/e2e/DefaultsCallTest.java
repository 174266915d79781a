package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ServerConfig;
import dev.parley.server.cli.ParleyCommand;
import dev.parley.server.tls.LocalCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real call under the start command's own defaults, as {@code ./parley} runs them: every limit
 * against a hostile address (connection caps and clocks, the Origin check against the server's own
 * names, session and TURN caps) is in force, and none gets in the way of two people calling. Only
 * the ports (any free one), the listen addresses (loopback) and the data directory differ.
 */
class DefaultsCallTest {
    private static final ServerConfig DEFAULTS = startDefaults();
    @RegisterExtension
    static final Stage.Extension stage = Stage.extension(DEFAULTS, List.of());

    private static ServerConfig startDefaults() {
        try {
            Path dir = Files.createTempDirectory("parley-defaults");
            var command = new ParleyCommand();
            ParleyCommand.commandLine(command, Map.of()).parseArgs("--http-port", "0", "--https-host", "127.0.0.1",
                    "--https-port", "0", "--turn-listen-host", "127.0.0.1", "--turn-port", "0", "--turn-tls-port", "-1",
                    "--turn-relay-ip", "127.0.0.1", "--data-dir", dir.toString());
            ServerConfig config = command.config();
            LocalCertificate.ensure(dir, LocalCertificate.hostsFor("localhost", List.of(InetAddress.getLoopbackAddress())));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void twoPeopleCallUnderTheDefaults() {
        // The limits under test are the defaults: no origin allowed beyond the server's own.
        assertThat(DEFAULTS.listeners().maxConnectionsPerAddress()).isEqualTo(300);
        assertThat(DEFAULTS.guards().allowedOrigins()).isEmpty();
        Person alice = stage.get().person("alice");
        Person bob = stage.get().person("bob");
        Stage.meet(alice, bob, "defaults");
        alice.assertMediaFlowing();
        bob.assertMediaFlowing();
        // A direct call too: presence, ringing and answering through the same limits.
        Person carol = stage.get().person("carol");
        Person dave = stage.get().person("dave");
        Stage.ring(carol, dave);
        dave.page().click("#accept");
        carol.awaitConnectedWithVideo();
        dave.awaitConnectedWithVideo();
        dave.assertMediaFlowing();
    }
}
