package dev.parley.server.signaling;

import dev.parley.core.ResumePolicy;
import dev.parley.core.SignalingConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.TestServer;
import java.lang.management.ManagementFactory;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 2, against a real server with its defaults: 64 pairs of sessions from one
 * address, each pair in a room, each session saying {@code hello {acks: true}} and never
 * acknowledging, and flooding its peer with frames of the largest size. Every session reads what
 * it is sent (so the outbound limit does not cut it off), so the server keeps all of it for
 * resuming, as far as the backlog's bounds let it.
 *
 * <p>The bound: all 128 sessions come from one address, so together they keep at most the
 * backlog's share per address (by default an eighth of the budget: 32 MiB of the default 256 MiB,
 * less on a heap under 1 GiB), though each may keep the backlog bytes (1 MiB, the outbound limit).
 * Allowing 64 MiB more for everything else the sessions and this test's clients hold, the heap
 * after a full collection may grow by at most that share plus 64 MiB (96 MiB by default). Before
 * the share per address, the 128 sessions kept 128 MiB here; without the byte bound the backlogs
 * alone held 128 x 32 x 64 KiB = 256 MiB (and up to 4 GiB with 512 frames).
 */
class BacklogHeapTest {
    private static final int PAIRS = 64;
    private static final int FRAMES_EACH = 32;
    private static final long MIB = 1024 * 1024;
    /** What the backlogs of one address may keep with the defaults: its share of the default budget. */
    private static final long BACKLOGS = ResumePolicy.defaults().backlogPerSource();
    private static final long BOUND = BACKLOGS + 64 * MIB;

    /** Reads everything, keeps nothing, never acknowledges: counts whole messages and the big ones. */
    private static final class Reader implements WebSocket.Listener {
        final AtomicInteger messages = new AtomicInteger();
        final AtomicInteger big = new AtomicInteger();
        private int length;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            length += data.length();
            if (last) {
                if (length > 60_000) big.incrementAndGet();
                messages.incrementAndGet();
                length = 0;
            }
            ws.request(1);
            return null;
        }
    }

    @Test
    void sixtyFourPairsThatNeverAcknowledgeStayWithinTheBacklogBound() throws Exception {
        assertThat(BACKLOGS).as("the share per address, not each session's bytes, is what bounds this test")
                .isLessThan(2L * PAIRS * ResumePolicy.DEFAULT_BACKLOG_BYTES);
        try (TestServer server = TestServer.start(SignalingConfig.defaults())) {
            long before = heapAfterFullCollection();
            List<WebSocket> sockets = new ArrayList<>();
            List<Reader> readers = new ArrayList<>();
            for (int i = 0; i < 2 * PAIRS; i++) {
                var reader = new Reader();
                WebSocket ws = server.http().newWebSocketBuilder().buildAsync(server.wsUri(), reader).join();
                ws.sendText("{\"type\":\"hello\",\"acks\":true}", true).join();
                ws.sendText("{\"type\":\"join\",\"room\":\"pair" + i / 2 + "\"}", true).join();
                sockets.add(ws);
                readers.add(reader);
            }
            for (Reader r : readers) await(() -> r.messages.get() >= 2, "welcome and joined");
            long t0 = System.nanoTime();
            String head = "{\"type\":\"message\",\"room\":\"pair%d\",\"data\":\"";
            String fill = "x".repeat(SignalingConfig.DEFAULT_MAX_FRAME_BYTES - head.length() - 8);
            for (int k = 0; k < FRAMES_EACH; k++) {
                List<CompletableFuture<WebSocket>> sends = new ArrayList<>();
                for (int i = 0; i < sockets.size(); i++) sends.add(sockets.get(i).sendText(head.formatted(i / 2) + fill + "\"}", true));
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
            for (Reader r : readers) await(() -> r.big.get() == FRAMES_EACH, "every big frame relayed");
            System.out.printf("flood relayed in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

            long grown = heapAfterFullCollection() - before;
            long kept = server.server().hub().backlogBytes();
            System.out.printf("heap grown by %d MiB after a full collection; backlogs hold %d MiB; bound %d MiB%n",
                    grown / MIB, kept / MIB, BOUND / MIB);
            assertThat(kept).as("bytes the backlogs hold by the hub's count").isLessThanOrEqualTo(BACKLOGS);
            assertThat(grown).as("heap growth after a full collection (kept by count: %d MiB)", kept / MIB).isLessThanOrEqualTo(BOUND);
            assertThat(server.server().hub().stats().rooms()).as("everyone still connected").isEqualTo(PAIRS);
            sockets.forEach(WebSocket::abort);
        }
    }

    private static long heapAfterFullCollection() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(condition.getAsBoolean()).as(what + " within 60 s").isTrue();
    }
}
