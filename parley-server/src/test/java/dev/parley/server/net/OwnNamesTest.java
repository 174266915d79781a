package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

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
}
