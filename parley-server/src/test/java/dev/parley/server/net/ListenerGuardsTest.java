package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The HTTP listeners' derived connection total, beside a built-in TURN server at its own limits. */
class ListenerGuardsTest {
    @Test
    void theDerivedTotalLeavesRoomForTurnsRelaySocketsItsTcpAndTlsConnectionsAndSpare() {
        // ./parley's defaults under a 20,000 open-file limit: 8192 allocations, 4096 TURN streams.
        assertThat(ListenerGuards.derivedMaxConnections(20_000, 8192, 4096)).isEqualTo(20_000 - 8192 - 4096 - 1024);
        assertThat(ListenerGuards.derivedMaxConnections(20_000, 0, 0)).as("no TURN").isEqualTo(20_000 - 1024);
    }

    @Test
    void butAlwaysAtLeastAQuarterOfTheOpenFileLimit() {
        assertThat(ListenerGuards.derivedMaxConnections(16_384, 8192, 4096)).isEqualTo(4096);
        assertThat(ListenerGuards.derivedMaxConnections(1024, 8192, 4096)).isEqualTo(256);
        assertThat(ListenerGuards.derivedMaxConnections(3, 0, 0)).isEqualTo(1);
    }

    @Test
    void aConfiguredTotalIsTakenAsItIs() {
        var guards = new ListenerGuards(ListenerGuards.DEFAULT_REQUEST_TIMEOUT, ListenerGuards.DEFAULT_IDLE_TIMEOUT, 300, 500, null);
        assertThat(guards.effectiveMaxConnections(8192, 4096)).isEqualTo(500);
    }
}
