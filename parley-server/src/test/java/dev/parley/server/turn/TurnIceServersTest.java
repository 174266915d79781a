package dev.parley.server.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IceServer;
import dev.parley.turn.auth.RestApiCredentials;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TurnIceServersTest {
    private static final String SECRET = "ice-servers-test-secret-01234";

    private static TurnOptions options(String urlHost, boolean tls, List<String> external) throws Exception {
        return new TurnOptions("0.0.0.0", 3478, 5349, InetAddress.getByName("192.168.1.20"), null, 49152, 65535, List.of(), SECRET,
                Map.of(), Duration.ofHours(12), 100, 10, 0, urlHost, tls, external);
    }

    private static List<IceServer> servers(TurnOptions o, int port, int tlsPort, String clientHost) {
        return new TurnIceServers(o, new RestApiCredentials(SECRET, Clock.systemUTC()), port, tlsPort).forSession("s1", clientHost);
    }

    @Test
    void urlsUseTheHostTheClientReachedUsBy() throws Exception {
        List<IceServer> s = servers(options(null, false, List.of()), 3478, 5349, "parley.example.org");
        assertThat(s.get(0).urls()).containsExactly("stun:parley.example.org:3478");
        assertThat(s.get(1).urls()).containsExactly("turn:parley.example.org:3478?transport=udp", "turn:parley.example.org:3478?transport=tcp");
        assertThat(s.get(1).username()).endsWith(":s1");
    }

    @Test
    void localhostAndNoHostFallBackToTheRelayAddressAndTheConfiguredHostWins() throws Exception {
        assertThat(servers(options(null, false, List.of()), 3478, -1, "localhost").get(0).urls()).containsExactly("stun:192.168.1.20:3478");
        assertThat(servers(options(null, false, List.of()), 3478, -1, null).get(0).urls()).containsExactly("stun:192.168.1.20:3478");
        assertThat(servers(options("turn.example.org", false, List.of()), 3478, -1, "10.0.0.1").get(0).urls())
                .containsExactly("stun:turn.example.org:3478");
    }

    @Test
    void turnsOnlyWithATrustedCertificate() throws Exception {
        assertThat(servers(options(null, false, List.of()), 3478, 5349, "h.example").get(1).urls()).noneMatch(u -> u.startsWith("turns:"));
        assertThat(servers(options(null, true, List.of()), 3478, 5349, "h.example").get(1).urls()).contains("turns:h.example:5349?transport=tcp");
    }

    @Test
    void externalServersAloneGetCredentialsToo() throws Exception {
        List<IceServer> s = servers(options(null, false, List.of("turn:coturn.example.org:3478")), -1, -1, "h.example");
        assertThat(s).hasSize(1);
        assertThat(s.get(0).urls()).containsExactly("turn:coturn.example.org:3478");
        assertThat(s.get(0).credential()).isEqualTo(new RestApiCredentials(SECRET, Clock.systemUTC()).password(s.get(0).username()));
    }
}
