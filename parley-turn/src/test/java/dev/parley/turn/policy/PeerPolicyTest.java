package dev.parley.turn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Past TURN servers were abused as a way into the networks behind them; this is where that is stopped. */
class PeerPolicyTest {
    private final PeerPolicy policy = PeerPolicy.denyByDefault();

    /** Raw bytes as a client would put them in XOR-PEER-ADDRESS: IPv6 text stays 16 bytes even for mapped forms. */
    static byte[] bytes(String text) throws Exception {
        byte[] b = InetAddress.getByName(text.contains(":") ? "[" + text + "]" : text).getAddress();
        return text.contains(":") && b.length == 4 ? Addresses.mapped(b) : b;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0.0.0.0", "0.255.255.255", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.255", "127.0.0.1",
            "127.255.255.254", "169.254.169.254", "169.254.0.1", "172.16.0.1", "172.31.255.255", "192.0.0.8",
            "192.0.2.1", "192.88.99.1", "192.168.0.1", "192.168.255.255", "198.18.0.1", "198.19.255.255",
            "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255"})
    void specialPurposeIpv4IsDenied(String address) throws Exception {
        assertThat(policy.permits(bytes(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "::", "::1", "fe80::1", "febf::1", "fec0::1", "fc00::1", "fd12:3456:789a::1", "ff02::1", "ff05::1:3",
            "2001:db8::1", "2001:2::1", "2001:10::1", "100::1", "3fff::1", "5f00::1", "64:ff9b:1::1"})
    void specialPurposeIpv6IsDenied(String address) throws Exception {
        assertThat(policy.permits(bytes(address))).as(address).isFalse();
    }

    /** 127.0.0.1, 169.254.169.254 and 10.0.0.1 in every IPv6 form that embeds an IPv4 address. */
    @ParameterizedTest
    @ValueSource(strings = {
            "::ffff:127.0.0.1", "::ffff:7f00:1", "::127.0.0.1", "::ffff:0:127.0.0.1", "64:ff9b::127.0.0.1",
            "64:ff9b::7f00:1", "2002:7f00:1::1", "2001:0:4136:e378:8000:63bf:80ff:fffe", "2600::5efe:7f00:1",
            "2600::200:5efe:7f00:1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2600::5efe:a9fe:a9fe",
            "::ffff:10.0.0.1", "64:ff9b::a00:1", "::a00:1"})
    void noAlternativeSpellingSlipsThrough(String address) throws Exception {
        assertThat(policy.permits(bytes(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255", "198.20.0.1",
            "192.169.0.1", "11.0.0.1", "223.255.255.255", "2606:4700:4700::1111", "2a00:1450:4001::200e",
            "64:ff9b::808:808"})
    void theRestOfTheInternetIsAllowed(String address) throws Exception {
        assertThat(policy.permits(bytes(address))).as(address).isTrue();
    }

    @Test
    void transitionPrefixesAreDeniedEvenAroundPublicAddresses() throws Exception {
        assertThat(policy.permits(bytes("2002:808:808::1"))).as("6to4 of 8.8.8.8").isFalse();
        assertThat(policy.permits(bytes("2001:0:4136:e378:8000:63bf:f7f7:f7f7"))).as("Teredo of 8.8.8.8").isFalse();
        // An IPv4 peer is named with the IPv4 family (RFC 8656); the mapped form is never needed.
        assertThat(policy.permits(bytes("::ffff:8.8.8.8"))).as("IPv4-mapped 8.8.8.8").isFalse();
    }

    @Test
    void allowRulesOpenOnlyTheirBlockInEverySpelling() throws Exception {
        var loopback = PeerPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8")));
        assertThat(loopback.permits(bytes("127.0.0.1"))).isTrue();
        assertThat(loopback.permits(bytes("::ffff:127.0.0.1"))).isTrue();
        assertThat(loopback.permits(bytes("10.0.0.1"))).isFalse();
        assertThat(loopback.permits(bytes("169.254.169.254"))).isFalse();
        assertThat(loopback.permits(bytes("::1"))).as("IPv6 loopback is another block").isFalse();

        var lan = PeerPolicy.allowing(List.of(Cidr.parse("192.168.1.0/24"), Cidr.parse("fd00:1::/64")));
        assertThat(lan.permits(bytes("192.168.1.77"))).isTrue();
        assertThat(lan.permits(bytes("192.168.2.77"))).isFalse();
        assertThat(lan.permits(bytes("fd00:1::9"))).isTrue();
        assertThat(lan.permits(bytes("fd00:2::9"))).isFalse();
    }

    @Test
    void cidrRulesAreNumericAndWellFormed() {
        assertThat(Cidr.parse("10.1.2.3").contains(new byte[] {10, 1, 2, 3})).isTrue();
        assertThat(Cidr.parse("10.1.2.3").contains(new byte[] {10, 1, 2, 4})).isFalse();
        assertThat(Cidr.parse("172.16.0.0/12").contains(new byte[] {(byte) 172, 31, 0, 1})).isTrue();
        for (String bad : new String[] {"example.com/8", "localhost", "10.0.0.0/33", "fe80::/129", "10.0.0.0/-1", ""}) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
