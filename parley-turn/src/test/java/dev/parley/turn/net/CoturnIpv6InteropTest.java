package dev.parley.turn.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.auth.StaticUsers;
import dev.parley.turn.policy.Cidr;
import dev.parley.turn.policy.PeerPolicy;
import dev.parley.turn.server.TurnConfig;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * coturn's load client against Parley over IPv6: the server reached at ::1 (its listeners on {@code ::},
 * both families) or at 127.0.0.1, relaying from ::1 to turnutils_peer on ::1. uclient asks for an
 * IPv6 relay itself (REQUESTED-ADDRESS-FAMILY) when its peer is IPv6. Every message sent must come back.
 * Its dual allocation (-Z) cannot be tried here: up to coturn 4.7 (Debian 12 has 4.6.1) it sends
 * ADDITIONAL-ADDRESS-FAMILY as 0x8032, a TURN-bis draft's number (IANA's 0x8032 is ENF-FLOW-DESCRIPTION);
 * RFC 8656's 0x8000, which Parley reads, came with 4.8.0. DualStackTest covers dual allocations.
 */
class CoturnIpv6InteropTest {
    private static TurnServer server;
    private static CoturnTools.Peer peer6;

    @BeforeAll
    static void start() throws Exception {
        TurnConfig config = TurnConfig.builder(new StaticUsers(Map.of("alice", "wonderland")), InetAddress.getByName("127.0.0.1"))
                .relayIPv6(InetAddress.getByName("::1"), null)
                .peerPolicy(PeerPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"))))
                .build();
        server = TurnServer.start(config, new TurnServer.Listeners("::", 0, 0, -1, null, 2));
        peer6 = new CoturnTools.Peer("::1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (peer6 != null) peer6.close();
        if (server != null) server.close();
    }

    /** {@code over}: the address family the client reaches the server over (the relay is IPv6 either way). */
    @ParameterizedTest(name = "{0} {1} over {2}")
    @CsvSource({"udp, channels, ipv6", "udp, indications, ipv6", "tcp, channels, ipv6", "tcp, indications, ipv6",
            "udp, channels, ipv4", "tcp, indications, ipv4"})
    void everyMessageComesBackThroughAnIpv6Relay(String transport, String method, String over) throws Exception {
        List<String> args = new ArrayList<>(List.of("-v", "-e", "::1", "-r", String.valueOf(peer6.port), "-m", "4", "-n", "200",
                "-l", "200", "-z", "5", "-c", "-u", "alice", "-w", "wonderland"));
        boolean tcp = transport.equals("tcp");
        if (tcp) args.add("-t");
        if (method.equals("indications")) args.add("-s");
        args.addAll(List.of("-p", String.valueOf(tcp ? server.tcpPort() : server.udpPort()), over.equals("ipv6") ? "::1" : "127.0.0.1"));
        long allocationsBefore = server.engine().stats().allocationsCreated.sum();
        CoturnTools.UclientRun run = CoturnTools.uclient(args, 60);
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.sent()).as(run.output()).isEqualTo(4 * 200);
        assertThat(run.received()).as(run.output()).isEqualTo(run.sent());
        assertThat(run.lost()).as(run.output()).isZero();
        List<String> relays = run.output().lines().filter(l -> l.contains("Received relay addr")).toList();
        assertThat(relays).as(run.output()).isNotEmpty().allMatch(l -> l.contains("IPv6. Received relay addr: ::1:"));
        assertThat(server.engine().stats().allocationsCreated.sum() - allocationsBefore).as("allocations made").isEqualTo(relays.size());
        if (over.equals("ipv6")) assertThat(run.output()).contains("IPv6. Connected to: ::1:");
        else assertThat(run.output()).contains("IPv4. Connected to: 127.0.0.1:");
    }
}
