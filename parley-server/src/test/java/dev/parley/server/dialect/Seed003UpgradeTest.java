package dev.parley.server.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Seed003UpgradeTest {
    @Test
    void theUserNameIsThePathAfterWebrtcPercentDecoded() {
        assertThat(Seed003Upgrade.userName("/webrtc/zs")).isEqualTo("zs");
        assertThat(Seed003Upgrade.userName("/webrtc/%E5%BC%A0%E4%B8%89")).isEqualTo("张三");
        assertThat(Seed003Upgrade.userName("/webrtc/al%20ice")).isEqualTo("al ice");
        assertThat(Seed003Upgrade.userName("/webrtc/a+b")).as("a plus is not a space in a path").isEqualTo("a+b");
        assertThat(Seed003Upgrade.userName("/webrtc/a%2Fb")).isEqualTo("a/b");
        assertThat(Seed003Upgrade.userName("/webrtc/%E5%ZZ")).as("undecodable: left as it is, for the name rules to refuse")
                .isEqualTo("%E5%ZZ");
        assertThat(Seed003Upgrade.userName("/webrtc/")).isEmpty();
    }
}
