package dev.parley.server.net;

import dev.parley.turn.policy.AddressCounter;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP listeners' per-address limits count by: TURN's source key, so one IPv6 host with a
 * /64 to pick addresses from is one client for {@code --max-connections-per-ip} and
 * {@code --max-sessions-per-ip}, as it is for TURN's limits. Loopback has one IPv6 address, so these
 * are unit tests: the TCP counter through the listening socket's handler, the session counter through
 * {@link Connections}.
 */
class ClientKeyTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    /** {@code ::ffff:ipv4} as an Inet6Address, as a dual-stack socket layer may report an IPv4 client. */
    private static InetAddress mapped(String ipv4) throws Exception {
        byte[] bytes = new byte[16];
        bytes[10] = bytes[11] = (byte) 0xff;
        System.arraycopy(InetAddress.getByName(ipv4).getAddress(), 0, bytes, 12, 4);
        return Inet6Address.getByAddress(null, bytes, -1);
    }

    @Test
    void ipv6AddressesInOneSlash64ShareOneCountAndOtherSlash64sDoNot() throws Exception {
        var counter = new AddressCounter();
        assertThat(counter.tryAcquire(ip("2001:db8:1:2::a"), 2)).isTrue();
        assertThat(counter.tryAcquire(ip("2001:db8:1:2:ffff:eeee:dddd:cccc"), 2)).isTrue();
        assertThat(counter.tryAcquire(ip("2001:db8:1:2::b"), 2)).as("a third address of the same /64").isFalse();
        assertThat(counter.tryAcquire(ip("2001:db8:1:3::a"), 2)).as("another /64").isTrue();
        counter.release(ip("2001:db8:1:2::a"));
        assertThat(counter.tryAcquire(ip("2001:db8:1:2::c"), 2)).as("released by any address of the /64").isTrue();
    }

    @Test
    void anIpv4MappedAddressIsTheIpv4AddressAndIpv4CountsOneByOne() throws Exception {
        assertThat(mapped("1.2.3.4")).isInstanceOf(Inet6Address.class);
        var counter = new AddressCounter();
        assertThat(counter.tryAcquire(ip("1.2.3.4"), 1)).isTrue();
        assertThat(counter.tryAcquire(mapped("1.2.3.4"), 1)).as("::ffff:1.2.3.4 is 1.2.3.4").isFalse();
        assertThat(counter.tryAcquire(mapped("1.2.3.5"), 1)).as("IPv4 hosts are not grouped").isTrue();
        assertThat(counter.tryAcquire(ip("1.2.3.6"), 1)).isTrue();
    }

    @Test
    void theListenersTcpLimitCountsAnIpv6Slash64AsOneClient() throws Exception {
        var limiter = new ConnectionLimiter(2, 100);
        var listener = new EmbeddedChannel(limiter);
        var first = accepted(listener, "2001:db8:1:2::a");
        var second = accepted(listener, "2001:db8:1:2::b");
        var third = accepted(listener, "2001:db8:1:2:dead:beef:0:1");
        var elsewhere = accepted(listener, "2001:db8:1:3::a");
        assertThat(first.isOpen()).isTrue();
        assertThat(second.isOpen()).isTrue();
        assertThat(third.isOpen()).as("the third connection from one /64 is closed at once").isFalse();
        assertThat(elsewhere.isOpen()).as("another /64 has its own count").isTrue();
        assertThat(limiter.closed(ConnectionLimiter.Reason.PER_ADDRESS)).isEqualTo(1);

        first.close().syncUninterruptibly();
        assertThat(accepted(listener, "2001:db8:1:2::c").isOpen()).as("a closed connection frees the /64's place").isTrue();
        assertThat(limiter.open()).isEqualTo(3);
        listener.finishAndReleaseAll();
    }

    @Test
    void theListenersTcpLimitCountsAMappedAddressAsItsIpv4Address() throws Exception {
        var limiter = new ConnectionLimiter(1, 100);
        var listener = new EmbeddedChannel(limiter);
        assertThat(accepted(listener, ip("1.2.3.4")).isOpen()).isTrue();
        assertThat(accepted(listener, mapped("1.2.3.4")).isOpen()).isFalse();
        listener.finishAndReleaseAll();
    }

    @Test
    void theSessionLimitCountsAnIpv6Slash64AsOneClient() throws Exception {
        var connections = new Connections();
        assertThat(connections.admit(ip("2001:db8:1:2::a"), 2, 100)).isNull();
        assertThat(connections.admit(ip("2001:db8:1:2::b"), 2, 100)).isNull();
        assertThat(connections.admit(ip("2001:db8:1:2::c"), 2, 100)).isEqualTo("too many connections from your address");
        assertThat(connections.admit(ip("2001:db8:1:3::a"), 2, 100)).isNull();
        assertThat(connections.admit(mapped("10.0.0.1"), 1, 100)).isNull();
        assertThat(connections.admit(ip("10.0.0.1"), 1, 100)).as("::ffff:10.0.0.1 is 10.0.0.1").isNotNull();
        connections.release(ip("2001:db8:1:2::b"));
        assertThat(connections.admit(ip("2001:db8:1:2::d"), 2, 100)).isNull();
        assertThat(connections.sessions()).isEqualTo(4);
    }

    private static Child accepted(EmbeddedChannel listener, String remote) throws Exception {
        return accepted(listener, ip(remote));
    }

    /** What the listening socket hands its handler for each accepted connection. */
    private static Child accepted(EmbeddedChannel listener, InetAddress remote) {
        var child = new Child(new InetSocketAddress(remote, 40_000));
        listener.writeInbound(child);
        return child;
    }

    /** An accepted connection from {@code remote}. */
    private static final class Child extends EmbeddedChannel {
        private final SocketAddress remote;

        Child(SocketAddress remote) {
            this.remote = remote;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }
    }
}
