package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostHeaderTest {
    @Test
    void namesAndLiteralsLoseTheirPort() {
        assertThat(HostHeader.hostOf("parley.example.org:8443")).isEqualTo("parley.example.org");
        assertThat(HostHeader.hostOf("192.168.1.20:8443")).isEqualTo("192.168.1.20");
        assertThat(HostHeader.hostOf("[fd00::2]:8443")).isEqualTo("[fd00::2]");
        assertThat(HostHeader.hostOf("localhost")).isEqualTo("localhost");
    }

    /** The host ends up in TURN URLs: nothing that could add a query, a user or another scheme gets through. */
    @Test
    void anythingElseIsNull() {
        assertThat(HostHeader.hostOf(null)).isNull();
        assertThat(HostHeader.hostOf("")).isNull();
        assertThat(HostHeader.hostOf("evil.org?transport=udp")).isNull();
        assertThat(HostHeader.hostOf("user@evil.org")).isNull();
        assertThat(HostHeader.hostOf("a b")).isNull();
        assertThat(HostHeader.hostOf("[::1")).isNull();
        assertThat(HostHeader.hostOf("[::1]x")).isNull();
        assertThat(HostHeader.hostOf("host:80:90")).isNull();
        assertThat(HostHeader.hostOf("-leading.org")).isNull();
    }
}
