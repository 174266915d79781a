package dev.parley.turn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.policy.Cidr;
import dev.parley.turn.policy.PeerPolicy;
import dev.parley.turn.proto.AdditionalAddressFamily;
import dev.parley.turn.proto.Lifetime;
import dev.parley.turn.proto.RequestedAddressFamily;
import dev.parley.turn.proto.RequestedTransport;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.testing.TurnClient;
import dev.parley.turn.testing.TurnFixture;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The relay as an attacker would use it (RFC 8656 §21): with the default policy every special-purpose
 * address, in every spelling, is refused with 403 on CreatePermission and ChannelBind, and Send or
 * ChannelData towards it never leaves the server. Loopback listeners stand in for the protected
 * networks: spellings of 127.0.0.1 and ::1 aim at them and nothing may arrive. The IPv6 cases run on an
 * IPv6 relay (::1), and on a dual allocation as well.
 */
class PeerSecurityTest {
    private static TurnFixture turn;
    private static DatagramSocket target4;
    private static DatagramSocket target6;

    @BeforeAll
    static void start() throws Exception {
        turn = TurnFixture.start(b -> b.peerPolicy(PeerPolicy.denyByDefault()).relayIPv6(TurnFixture.ip("::1"), null));
        target4 = new DatagramSocket(0, TurnFixture.ip("127.0.0.1"));
        target6 = new DatagramSocket(target4.getLocalPort(), TurnFixture.ip("::1"));
        target4.setSoTimeout(100);
        target6.setSoTimeout(100);
    }

    @AfterAll
    static void stop() {
        target4.close();
        target6.close();
        turn.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "0.0.0.0", "10.0.0.1", "100.64.0.1", "169.254.169.254", "172.16.0.1",
            "192.168.1.1", "192.0.0.1", "192.0.2.1", "198.18.0.1", "198.51.100.1", "203.0.113.1", "224.0.0.1",
            "239.255.255.250", "240.0.0.1", "255.255.255.255"})
    void ipv4SpecialPurposeAddressesAre403AndNothingLeaves(String ip) throws Exception {
        assertRefused(ip, false, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "::", "::ffff:127.0.0.1", "::127.0.0.1", "::ffff:0:127.0.0.1", "64:ff9b::7f00:1",
            "64:ff9b::a9fe:a9fe", "64:ff9b:1::1", "2002:7f00:1::1", "2001:0:4136:e378:8000:63bf:80ff:fffe",
            "2600::5efe:7f00:1", "2600::200:5efe:a9fe:a9fe", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "fe80::1",
            "fc00::1", "fd00:ec2::254", "ff02::1", "2001:db8::1", "100::1"})
    void ipv6SpecialPurposeAddressesAndEmbeddedIpv4FormsAre403AndNothingLeaves(String ip) throws Exception {
        assertRefused(ip, true, false);
    }

    /** A dual allocation (ADDITIONAL-ADDRESS-FAMILY) reaches both families, and refuses the same addresses of both. */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "10.0.0.1", "169.254.169.254", "192.168.1.1", "224.0.0.1", "::1", "::",
            "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1", "2001:0:4136:e378:8000:63bf:80ff:fffe",
            "2600::5efe:7f00:1", "::ffff:169.254.169.254", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "2001:db8::1"})
    void aDualAllocationRefusesTheSameAddressesInBothFamilies(String ip) throws Exception {
        assertRefused(ip, ip.contains(":"), true);
    }

    @Test
    void publicAddressesArePermitted() throws Exception {
        try (TurnClient c = turn.alice()) {
            c.allocate();
            assertThat(c.createPermission(new InetSocketAddress(TurnFixture.ip("8.8.8.8"), 3478)).type().messageClass())
                    .isEqualTo(MessageClass.SUCCESS);
        }
    }

    @Test
    void anAllowRuleOpensItsBlockOnly() throws Exception {
        try (TurnFixture lan = TurnFixture.start(b -> b.peerPolicy(PeerPolicy.allowing(List.of(Cidr.parse("192.168.1.0/24")))));
                TurnClient c = lan.alice()) {
            c.allocate();
            assertThat(c.createPermission(peer("192.168.1.20")).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            assertThat(ErrorCode.code(c.createPermission(peer("192.168.2.20")))).isEqualTo(403);
            assertThat(ErrorCode.code(c.createPermission(peer("169.254.169.254")))).isEqualTo(403);
        }
    }

    @Test
    void oneRefusedPeerRefusesTheWholeRequest() throws Exception {
        try (TurnClient c = turn.alice(); DatagramSocket unused = new DatagramSocket(0, TurnFixture.ip("127.0.0.1"))) {
            c.allocate();
            assertThat(ErrorCode.code(c.createPermission(peer("8.8.8.8"), peer("127.0.0.1")))).isEqualTo(403);
        }
    }

    private static void assertRefused(String ip, boolean ipv6, boolean dual) throws Exception {
        InetAddress address = TurnFixture.ip(ip);
        // An IPv4-mapped literal becomes an Inet4Address in Java; XOR-PEER-ADDRESS still carries it as IPv6 bytes.
        InetSocketAddress peer = new InetSocketAddress(address, target4.getLocalPort());
        try (TurnClient c = turn.alice()) {
            var allocated = c.request(MessageType.ALLOCATE, b -> {
                b.add(RequestedTransport.TYPE, RequestedTransport.encode(RequestedTransport.UDP));
                if (dual) b.add(AdditionalAddressFamily.TYPE, AdditionalAddressFamily.encode(RequestedAddressFamily.IPV6));
                else if (ipv6) b.add(RequestedAddressFamily.TYPE, RequestedAddressFamily.encode(RequestedAddressFamily.IPV6));
            });
            assertThat(allocated.type().messageClass()).as("allocate: %d", ErrorCode.code(allocated)).isEqualTo(MessageClass.SUCCESS);
            assertThat(TurnClient.allRelayed(allocated)).hasSize(dual ? 2 : 1);
            assertThat(TurnClient.allRelayed(allocated).getLast().getAddress()).isEqualTo(TurnFixture.ip(ipv6 || dual ? "::1" : "127.0.0.1"));
            var createPermission = ipv6 ? c.createPermission6(ip, target4.getLocalPort()) : c.createPermission(peer);
            assertThat(ErrorCode.code(createPermission)).as("CreatePermission " + ip).isEqualTo(403);
            var channelBind = ipv6 ? c.channelBind6(0x4000, ip, target4.getLocalPort()) : c.channelBind(0x4000, peer);
            assertThat(ErrorCode.code(channelBind)).as("ChannelBind " + ip).isEqualTo(403);
            if (ipv6) c.sendIndication6(ip, target4.getLocalPort(), "leak?".getBytes());
            else c.sendIndication(peer, "leak?".getBytes(), b -> {});
            c.channelData(0x4000, "leak?".getBytes());
            // Deleted as a client would: the next case's socket may get this one's port from the OS,
            // and would find the allocation still there (437, allocation mismatch).
            c.request(MessageType.REFRESH, b -> b.add(Lifetime.TYPE, Lifetime.encode(0)));
        }
        assertNothingArrives(target4);
        assertNothingArrives(target6);
    }

    private static void assertNothingArrives(DatagramSocket s) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        try {
            s.receive(p);
            throw new AssertionError("a datagram reached " + s.getLocalSocketAddress() + " from " + p.getSocketAddress());
        } catch (java.net.SocketTimeoutException expected) {
            // nothing left the relay
        }
    }

    private static InetSocketAddress peer(String ip) {
        return new InetSocketAddress(TurnFixture.ip(ip), 9);
    }
}
