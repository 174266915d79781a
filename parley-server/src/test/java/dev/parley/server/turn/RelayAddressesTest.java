package dev.parley.server.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which IPv6 address the TURN server relays from when none is given (RelayAddresses.choose), from /proc/net/if_inet6's lines. */
class RelayAddressesTest {
    private static Inet6Address v6(String literal) {
        return (Inet6Address) NetUtil.createInetAddressFromIpAddressString(literal);
    }

    private static RelayAddresses.Candidate c(String literal, int flags) {
        return new RelayAddresses.Candidate(v6(literal), flags);
    }

    @Test
    void onlyAStableGlobalAddressIsTakenAndAStaticOneFirst() {
        int slaac = 0, permanent = RelayAddresses.PERMANENT;
        assertThat(RelayAddresses.choose(List.of(c("::1", permanent), c("fe80::1", permanent), c("fd00::2", permanent),
                c("2001:db8::1", permanent), c("2002:c000:204::1", permanent), c("2001:0:4136:e378::1", slaac)))).as("nothing global").isEmpty();
        assertThat(RelayAddresses.choose(List.of(c("2a01:4f8::aaaa", RelayAddresses.TEMPORARY), c("2a01:4f8::bbbb", slaac))))
                .as("not the temporary (privacy) one").contains(v6("2a01:4f8::bbbb"));
        assertThat(RelayAddresses.choose(List.of(c("2a01:4f8::aaaa", RelayAddresses.DEPRECATED), c("2a01:4f8::cccc", RelayAddresses.TENTATIVE))))
                .as("neither deprecated nor tentative").isEmpty();
        assertThat(RelayAddresses.choose(List.of(c("2a01:4f8::bbbb", slaac), c("2a01:4f8::10", permanent))))
                .as("statically configured first").contains(v6("2a01:4f8::10"));
    }

    @Test
    void procNetIfInet6IsReadWithItsFlagsAndInterfacesThatAreDownAreLeftOut() {
        String text = """
                00000000000000000000000000000001 01 80 10 80       lo
                fe8000000000000000fc00fffe000001 04 40 20 80     eth0
                2a0104f8000000000000000000000010 04 40 00 80     eth0
                2a0104f800000000d0c1a2b3c4d5e6f7 04 40 00 01     eth0
                2a0104f8000000000000000000000099 05 40 00 80    wlan0
                garbage
                """;
        var candidates = RelayAddresses.parseIfInet6(text, name -> !name.equals("wlan0"));
        assertThat(candidates).extracting(RelayAddresses.Candidate::address)
                .containsExactly(v6("::1"), v6("fe80::fc:ff:fe00:1"), v6("2a01:4f8::10"), v6("2a01:4f8::d0c1:a2b3:c4d5:e6f7"));
        assertThat(candidates.get(3).flags()).isEqualTo(RelayAddresses.TEMPORARY);
        assertThat(RelayAddresses.choose(candidates)).contains(v6("2a01:4f8::10"));
    }
}
