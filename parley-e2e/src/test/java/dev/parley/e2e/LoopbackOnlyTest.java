package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The browsers of these tests must not be able to reach anything but this machine's loopback. */
class LoopbackOnlyTest {
    @Test
    void theTestsRunInANetworkNamespaceWithOnlyLoopbackWhenPermitted() throws Exception {
        assumeTrue(!"off".equals(System.getenv("PARLEY_E2E_NETNS")), "namespace turned off by PARLEY_E2E_NETNS=off");
        assumeTrue(canCreateNamespaces(), "this user may not create network namespaces (CI runs as root and may)");
        assertThat(Interfaces.up()).containsExactly("lo");
    }

    private static boolean canCreateNamespaces() throws Exception {
        Process p = new ProcessBuilder("unshare", "-n", "true").redirectErrorStream(true).start();
        return p.waitFor() == 0;
    }
}
