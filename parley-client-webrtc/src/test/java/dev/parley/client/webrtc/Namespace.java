package dev.parley.client.webrtc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Tests whose peers connect run only in the namespace netns/bin/java made, with 127.0.0.1 on ifb. */
final class Namespace {
    private Namespace() {}

    static void assumeLoopbackOnly() {
        String netns = System.getenv("PARLEY_WEBRTC_NETNS");
        assumeTrue("ifb".equals(netns), "peers connect only inside the test's loopback-only namespace (PARLEY_WEBRTC_NETNS="
                + netns + "; it needs root for unshare -n and the ifb module)");
    }
}
