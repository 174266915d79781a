package dev.parley.turn.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SourceKeyTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void ipv4CountsAsItselfAndIpv6ByItsSlash64() throws Exception {
        assertThat(SourceKey.of(ip("1.2.3.4"))).isEqualTo(ip("1.2.3.4"));
        assertThat(SourceKey.of(ip("2001:db8:1:2::a"))).isEqualTo(SourceKey.of(ip("2001:db8:1:2:ffff:eeee:dddd:cccc")))
                .isEqualTo(ip("2001:db8:1:2::"));
        assertThat(SourceKey.of(ip("2001:db8:1:2::a"))).isNotEqualTo(SourceKey.of(ip("2001:db8:1:3::a")));
    }

    /** Java makes an Inet6Address of a mapped address when asked for one (as a socket layer may). */
    @Test
    void anIpv4MappedIpv6AddressIsTheIpv4Host() throws Exception {
        InetAddress mapped = mapped("1.2.3.4");
        assertThat(mapped).isInstanceOf(Inet6Address.class);
        assertThat(SourceKey.of(mapped)).isEqualTo(ip("1.2.3.4")).isEqualTo(SourceKey.of(ip("::ffff:1.2.3.4")));
        assertThat(SourceKey.of(mapped("5.6.7.8"))).as("two IPv4 hosts behind mapped addresses are not one")
                .isNotEqualTo(SourceKey.of(mapped));
    }

    /** {@code ::ffff:ipv4} as an Inet6Address. */
    private static InetAddress mapped(String ipv4) throws Exception {
        byte[] bytes = new byte[16];
        bytes[10] = bytes[11] = (byte) 0xff;
        System.arraycopy(InetAddress.getByName(ipv4).getAddress(), 0, bytes, 12, 4);
        return Inet6Address.getByAddress(null, bytes, -1);
    }
}
