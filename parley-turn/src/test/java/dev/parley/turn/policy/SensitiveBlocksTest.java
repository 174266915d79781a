package dev.parley.turn.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SensitiveBlocksTest {
    @Test
    void rulesThatReachThisMachineOrTheMetadataServiceAreNamed() {
        assertThat(SensitiveBlocks.openedBy(Cidr.parse("0.0.0.0/0")))
                .containsExactly("0.0.0.0/8 (this host)", "127.0.0.0/8 (loopback)", "169.254.0.0/16 (link-local, with the cloud metadata address)");
        assertThat(SensitiveBlocks.openedBy(Cidr.parse("127.0.0.1"))).containsExactly("127.0.0.0/8 (loopback)");
        assertThat(SensitiveBlocks.openedBy(Cidr.parse("169.254.169.254/32"))).hasSize(1);
        assertThat(SensitiveBlocks.openedBy(Cidr.parse("::/0"))).hasSize(7);
        assertThat(SensitiveBlocks.openedBy(Cidr.parse("::ffff:0:0/96"))).hasSize(3);
        assertThat(SensitiveBlocks.openedBy(Cidr.parse("fe80::1"))).containsExactly("fe80::/10 (link-local)");
        assertThat(SensitiveBlocks.openedBy(Cidr.parse("fd00::/8"))).containsExactly("fd00:ec2::254 (cloud metadata)");
    }

    @Test
    void lanRulesAreNot() {
        for (String lan : List.of("192.168.1.0/24", "10.0.0.0/8", "172.16.0.0/12", "100.64.0.0/10", "fd00:1::/64", "8.8.8.0/24")) {
            assertThat(SensitiveBlocks.openedBy(Cidr.parse(lan))).as(lan).isEmpty();
        }
        assertThat(SensitiveBlocks.anyOpenedBy(List.of(Cidr.parse("10.0.0.0/8")))).isFalse();
        assertThat(SensitiveBlocks.anyOpenedBy(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("127.0.0.0/8")))).isTrue();
    }

    @Test
    void overlapIsEitherBlockHoldingTheOther() {
        assertThat(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("10.1.2.3"))).isTrue();
        assertThat(Cidr.parse("10.1.2.3").overlaps(Cidr.parse("10.0.0.0/8"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("11.0.0.0/8"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").overlaps(Cidr.parse("::/0"))).as("families never overlap").isFalse();
    }
}
