package dev.parley.e2e;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A server stopped and started again on its port while the tests watch the media go on. */
final class Restarts {
    private Restarts() {}

    /** A loopback port free now, for a server that must come back on the same one. */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /**
     * Stops the server (1012 to everyone) and starts it again on the same port, sampling the
     * browsers' media meanwhile; returns the new server, for the caller to close.
     */
    static ParleyServer whileSampling(ParleyServer first, ServerConfig config, MediaTimeline... media) throws Exception {
        // The restart runs beside the sampling: Playwright pages belong to this thread.
        CompletableFuture<ParleyServer> second = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(1_000);
                first.close();
                Thread.sleep(1_000);
                return ParleyServer.start(config);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        MediaTimeline.sampleFor(Duration.ofSeconds(8), media);
        return second.get(30, TimeUnit.SECONDS);
    }
}
