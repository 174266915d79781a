package dev.parley.compat;

import static dev.parley.server.dialect.clients.TranscriptAssertions.event;
import static dev.parley.server.dialect.clients.TranscriptAssertions.got;
import static dev.parley.server.dialect.clients.TranscriptAssertions.lifecycle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.dialect.clients.ReferenceServer;
import dev.parley.server.dialect.clients.ReferenceTranscripts;
import dev.parley.server.dialect.clients.Seed000Scripts;
import dev.parley.server.dialect.clients.Transcript;
import dev.parley.server.dialect.clients.TranscriptRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 000's own server (socket.io 2) with the Android app's library, socket.io-client-java 1.0.0:
 * proves the 1.x client helper, and records the Android and mixed transcripts that Parley's seed 000
 * dialect is replayed against.
 */
@Timeout(120)
class Seed000AndroidReferenceTest {

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
    void theAndroidFlow() {
        Transcript t = ReferenceTranscripts.recordAndCheck(Seed000Scripts.android("java1"), server.url(),
                JavaSocketIoClient.FACTORY);

        assertThat(got(t, "A joins", "A")).containsExactly(event("joined", "\"123456\"", "\"{A}\""));
        assertThat(got(t, "B joins", "B")).containsExactly(event("joined", "\"123456\"", "\"{B}\""));
        assertThat(got(t, "B joins", "A")).containsExactly(event("otherjoin", "\"123456\"", "\"{B}\""));
        assertThat(got(t, "A, told of B", "B")).containsExactly(
                event("message", "\"123456\"", Seed000Scripts.OFFER));
        assertThat(got(t, "C joins: full", "C")).containsExactly(event("full", "\"123456\"", "\"{C}\""));
        assertThat(got(t, "A leaves", "A")).containsExactly(event("leaved", "\"123456\"", "\"{A}\""));
        assertThat(got(t, "A leaves", "B")).containsExactly(event("bye", "\"123456\"", "\"{A}\""));
        assertThat(got(t, "A closes", "A")).containsExactly(lifecycle("disconnect", "\"io client disconnect\""));
        assertThat(got(t, "A closes", "B")).isEmpty();
    }

    @Test
    void theAppAndThePageInOneRoom() {
        Transcript t = ReferenceTranscripts.recordAndCheck(Seed000Scripts.mixed(), server.url(), JavaSocketIoClient.FACTORY);

        // The app casts args[0] to String: each of these is a ClassCastException in its listener.
        assertThat(got(t, "B joins", "A")).containsExactly(event("otherjoin", "123456", "\"{B}\""));
        assertThat(got(t, "B answers", "A")).containsExactly(
                event("message", "123456", Seed000Scripts.ANSWER));
        assertThat(got(t, "B leaves", "A")).containsExactly(event("bye", "123456", "\"{B}\""));
        // The other way round the page gets the app's string.
        assertThat(got(t, "A offers", "B")).containsExactly(
                event("message", "\"123456\"", Seed000Scripts.OFFER));
    }

    @Test
    void theAppsLibraryGetsWhatThePagesLibraryGets() {
        TranscriptRun.replay(Transcript.load("seed000-page").withKind("sio2", "java1"), server.url(),
                JavaSocketIoClient.FACTORY);
    }
}
