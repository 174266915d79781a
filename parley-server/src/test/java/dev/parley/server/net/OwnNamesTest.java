package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.tls.LocalAddresses;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnNamesTest {
    private final OwnNames names = new OwnNames(List.of("parley.example.org", "*.calls.example.org", "192.168.1.20", "fd00::2"));
    private final InetSocketAddress arrivedAt = new InetSocketAddress("10.1.2.3", 8443);

    @Test
    void configuredAndCertificateNamesLocalAddressesAndLoopbackAreOwn() {
        assertThat(names.contains("parley.example.org", null)).isTrue();
        assertThat(names.contains("PARLEY.example.org.", null)).as("case and a final dot do not matter").isTrue();
        assertThat(names.contains("eu.calls.example.org", null)).as("a wildcard covers one label").isTrue();
        assertThat(names.contains("192.168.1.20", null)).isTrue();
        assertThat(names.contains("[fd00:0::2]", null)).as("IPv6 in brackets, any spelling").isTrue();
        assertThat(names.contains("localhost", null)).isTrue();
        assertThat(names.contains("127.0.0.1", null)).isTrue();
        assertThat(names.contains("127.8.9.10", null)).isTrue();
        assertThat(names.contains("[::1]", null)).isTrue();
        assertThat(names.contains("10.1.2.3", arrivedAt)).as("the address the connection came in on").isTrue();
    }

    @Test
    void anythingElseIsSomeoneElses() {
        assertThat(names.contains("evil.com", arrivedAt)).isFalse();
        assertThat(names.contains("parley.example.org.evil.com", null)).isFalse();
        assertThat(names.contains("a.b.calls.example.org", null)).as("a wildcard covers one label only").isFalse();
        assertThat(names.contains("calls.example.org", null)).isFalse();
        assertThat(names.contains("10.1.2.3", null)).as("not where this connection arrived").isFalse();
        assertThat(names.contains("192.168.1.21", arrivedAt)).isFalse();
        assertThat(names.contains("0.0.0.0", arrivedAt)).isFalse();
        assertThat(names.contains("", arrivedAt)).isFalse();
        assertThat(names.contains(null, arrivedAt)).isFalse();
    }

    /** A phone on the LAN opens {@code https://mypc.local:8443} (mDNS) or {@code https://mypc:8443}: both are this machine. */
    @Test
    void thisMachinesNameAndItsMdnsNameAreOwn() {
        var own = new OwnNames(LocalAddresses.names("mypc"));
        assertThat(own.contains("mypc", null)).isTrue();
        assertThat(own.contains("MYPC.local", null)).isTrue();
        assertThat(own.contains("mypc.local.evil.com", null)).isFalse();
        assertThat(own.contains("otherpc.local", null)).isFalse();
    }

    @Test
    void onlyASingleLabelHostNameGetsALocalTwin() {
        assertThat(LocalAddresses.names("mypc")).containsExactly("mypc", "mypc.local");
        assertThat(LocalAddresses.names("my-pc-2")).containsExactly("my-pc-2", "my-pc-2.local");
        assertThat(LocalAddresses.names("mypc.example.org")).as("already a DNS name").containsExactly("mypc.example.org");
        assertThat(LocalAddresses.names("mypc.local")).containsExactly("mypc.local");
        assertThat(LocalAddresses.names("localhost")).isEmpty();
        assertThat(LocalAddresses.names("192.168.1.20")).as("no name: getHostName gave an address").isEmpty();
        assertThat(LocalAddresses.names("fe80:0:0:0:1:2:3:4%eth0")).isEmpty();
        assertThat(LocalAddresses.names(null)).isEmpty();
        assertThat(LocalAddresses.names(" ")).isEmpty();
    }
}
