package dev.parley.server.dialect.clients;

import static dev.parley.server.dialect.clients.TranscriptAssertions.event;
import static dev.parley.server.dialect.clients.TranscriptAssertions.got;
import static dev.parley.server.dialect.clients.TranscriptAssertions.lifecycle;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 000's own server (socket.io 2) with socket.io-client 2.x, the page's library: proves the client
 * harness, and records the transcripts Parley's seed 000 dialect is replayed against. The Android app's
 * library (socket.io-client-java 1.x) runs the same in parley-compat-tests.
 */
@Timeout(120)
class Seed000ReferenceTest {

    private static ReferenceServer server;

    @BeforeAll
    static void start() {
        server = ReferenceServer.start(ReferenceServer.SEED_000);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void thePageFlow() {
        Transcript t = ReferenceTranscripts.recordAndCheck(Seed000Scripts.page("sio2"), server.url(), ClientFactory.STANDARD);

        assertThat(got(t, "A connects", "A")).containsExactly(lifecycle("connect"));
        assertThat(got(t, "A joins", "A")).containsExactly(event("joined", "123456", "\"{A}\""));
        assertThat(got(t, "B joins", "B")).containsExactly(event("joined", "123456", "\"{B}\""));
        assertThat(got(t, "B joins", "A")).containsExactly(event("otherjoin", "123456", "\"{B}\""));
        assertThat(got(t, "A sends its offer", "B")).containsExactly(event("message", "123456", Seed000Scripts.OFFER));
        assertThat(got(t, "A sends its offer", "A")).isEmpty();
        assertThat(got(t, "data of every JSON type", "B"))
                .containsExactly(event("message", "123456", Seed000Scripts.EVERY_TYPE));
        assertThat(got(t, "a bare number", "B"))
                .containsExactly(event("message", "123456", "42"), event("message", "123456", "\"just text\""),
                        event("message", "123456", "null"));
        assertThat(got(t, "C joins: full", "C")).containsExactly(event("full", "123456", "\"{C}\""));
        assertThat(got(t, "C joins: full", "A")).isEmpty();
        // Surprises of the seed's own code, which the transcript keeps:
        assertThat(got(t, "C, turned away", "A")).containsExactly(event("message", "123456", Seed000Scripts.OFFER));
        assertThat(got(t, "A leaves", "A")).containsExactly(event("leaved", "123456", "\"{A}\""));
        assertThat(got(t, "A leaves", "B")).containsExactly(event("bye", "123456", "\"{A}\""));
        assertThat(got(t, "B's messages still reach A", "A")).hasSize(1);
        assertThat(got(t, "C joins again", "C")).containsExactly(event("full", "123456", "\"{C}\""));
        assertThat(got(t, "A disconnects", "A")).containsExactly(lifecycle("disconnect", "\"io client disconnect\""));
        assertThat(got(t, "A disconnects", "B")).isEmpty();
        assertThat(got(t, "C joins: A's seat", "C")).containsExactly(event("joined", "123456", "\"{C}\""));
        assertThat(got(t, "C joins: A's seat", "B")).containsExactly(event("otherjoin", "123456", "\"{C}\""));
    }

    @Test
    void numberAndStringRoomsMeet() {
        Transcript t = ReferenceTranscripts.recordAndCheck(Seed000Scripts.roomTypes(), server.url(), ClientFactory.STANDARD);

        assertThat(got(t, "B joins", "B")).containsExactly(event("joined", "\"123456\"", "\"{B}\""));
        assertThat(got(t, "B joins", "A")).containsExactly(event("otherjoin", "\"123456\"", "\"{B}\""));
        assertThat(got(t, "A's message", "B")).containsExactly(event("message", "123456", "\"from A\""));
        assertThat(got(t, "B's message", "A")).containsExactly(event("message", "\"123456\"", "\"from B\""));
        assertThat(got(t, "A joins again", "A")).containsExactly(event("joined", "123456", "\"{A}\""));
        assertThat(got(t, "A joins again", "B")).containsExactly(event("otherjoin", "123456", "\"{A}\""));
        assertThat(got(t, "A is dropped", "B")).isEmpty();
    }

    @Test
    void theRecordedPageFlowReplays() {
        TranscriptRun.replay(Transcript.load("seed000-page"), server.url(), ClientFactory.STANDARD);
    }
}
