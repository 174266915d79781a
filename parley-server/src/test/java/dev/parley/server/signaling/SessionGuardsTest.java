package dev.parley.server.signaling;

import dev.parley.core.SessionGuards;
import dev.parley.core.SignalingConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Welcome;
import dev.parley.server.RawSocket;
import dev.parley.server.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-session guards: the hello deadline and the message rate limit. */
class SessionGuardsTest {
    private static TestServer start(SessionGuards guards) throws Exception {
        return TestServer.start(SignalingConfig.defaults().withGuards(guards));
    }

    @Test
    void aConnectionThatSaysNoHelloIsClosed() throws Exception {
        try (TestServer server = start(new SessionGuards(Duration.ofSeconds(1), 50, 200, 100));
                RawSocket silent = RawSocket.open(server.http(), server.wsUri());
                RawSocket polite = RawSocket.open(server.http(), server.wsUri())) {
            polite.send("{\"type\":\"hello\",\"id\":\"1\"}");
            polite.next(Welcome.class);
            var closed = silent.awaitClose();
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).contains("no hello");
            polite.send("{\"type\":\"leave\",\"id\":\"2\",\"room\":\"r\"}");
            assertThat(polite.next(ErrorReply.class).code()).as("the greeted one stays").isEqualTo(ErrorCode.NOT_IN_ROOM);
        }
    }

    @Test
    void pastTheBurstMessagesAreRateLimitedAndAFloodIsCutOff() throws Exception {
        // Burst 5, then 1 a second (nothing refills in this test's few milliseconds); cut off after 10 refused in a row.
        try (TestServer server = start(new SessionGuards(Duration.ofSeconds(5), 1, 5, 10));
                RawSocket s = RawSocket.open(server.http(), server.wsUri())) {
            s.send("{\"type\":\"hello\",\"id\":\"0\"}");
            s.next(Welcome.class);
            for (int i = 1; i <= 4; i++) s.send("{\"type\":\"leave\",\"id\":\"" + i + "\",\"room\":\"r\"}");
            for (int i = 1; i <= 4; i++) assertThat(s.next(ErrorReply.class).code()).isEqualTo(ErrorCode.NOT_IN_ROOM);
            for (int i = 5; i < 14; i++) s.send("{\"type\":\"leave\",\"id\":\"" + i + "\",\"room\":\"r\"}");
            for (int i = 5; i < 14; i++) {
                ErrorReply e = s.next(ErrorReply.class);
                assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(e.request()).isEqualTo("leave");
            }
            s.send("not even JSON"); // undecodable frames spend the budget too
            assertThat(s.awaitClose().code()).isEqualTo(1008);
        }
    }

    @Test
    void twoThousandMessagesASecondAreClosedWith1008WellBeforeSevenSeconds() throws Exception {
        try (TestServer server = start(SessionGuards.defaults());
                RawSocket s = RawSocket.open(server.http(), server.wsUri())) {
            s.send("{\"type\":\"hello\",\"id\":\"0\"}");
            s.next(Welcome.class);
            // Paced at 2,000 a second for at most 7 s; stops once the server has closed the connection.
            long start = System.nanoTime();
            int sent = 0;
            for (; sent < 14_000 && !s.isClosed(); sent++) {
                if (sent % 20 == 0) {
                    long due = start + sent * 500_000L;
                    long wait = due - System.nanoTime();
                    if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                if (!s.trySend("{\"type\":\"leave\",\"room\":\"r\"}")) break;
            }
            assertThat(s.awaitClose().code()).isEqualTo(1008);
            assertThat(sent).as("messages sent before the close (of 14,000)").isLessThan(7_000);
        }
    }

    @Test
    void pingsSpendTheBudgetTenThousandGetFarFewerPongsAndAClose() throws Exception {
        try (TestServer server = start(SessionGuards.defaults())) {
            var pongs = new java.util.concurrent.atomic.AtomicInteger();
            var closed = new java.util.concurrent.CompletableFuture<Integer>();
            var ws = server.http().newWebSocketBuilder().buildAsync(server.wsUri(), new java.net.http.WebSocket.Listener() {
                @Override
                public java.util.concurrent.CompletionStage<?> onPong(java.net.http.WebSocket w, java.nio.ByteBuffer message) {
                    pongs.incrementAndGet();
                    w.request(1);
                    return null;
                }

                @Override
                public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String reason) {
                    closed.complete(code);
                    return null;
                }

                @Override
                public void onError(java.net.http.WebSocket w, Throwable error) {
                    closed.complete(-1);
                }
            }).join();
            ws.sendText("{\"type\":\"hello\"}", true).join();
            int sent = 0;
            try {
                for (; sent < 10_000 && !closed.isDone(); sent++) ws.sendPing(java.nio.ByteBuffer.allocate(0)).join();
            } catch (java.util.concurrent.CompletionException e) {
                // the server closed the connection while pings were still going out
            }
            assertThat(closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1008);
            assertThat(pongs.get()).as("pongs for " + sent + " pings").isLessThan(SessionGuards.DEFAULT_MESSAGE_BURST + 100);
            ws.abort();
        }
    }
}
