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
 * Seed 002's own server (socket.io 4) with socket.io-client 4.x (its page's library) and
 * socket.io-client-java 2.1.2: proves the client harness, and records the transcripts Parley's seed 002
 * dialect is replayed against.
 */
@Timeout(120)
class Seed002ReferenceTest {

    private static ReferenceServer server;

    @BeforeAll
    static void start() {
        server = ReferenceServer.start(ReferenceServer.SEED_002);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSignalServerFlow() {
        Transcript t = ReferenceTranscripts.recordAndCheck(Seed002Scripts.signalServer("sio4"), server.url(),
                ClientFactory.STANDARD);

        assertThat(got(t, "A joins room1", "A")).containsExactly(event("joined", "{\"roomId\":\"room1\",\"userNum\":1}"));
        assertThat(got(t, "a join with an empty roomId", "A")).isEmpty();
        assertThat(got(t, "B joins", "B")).containsExactly(event("joined", "{\"roomId\":\"room1\",\"userNum\":2}"));
        assertThat(got(t, "B joins", "A")).containsExactly(event("otherjoined", "{\"roomId\":\"room1\",\"userId\":\"{B}\"}"));
        assertThat(got(t, "A sends its offer", "B")).containsExactly(event("message", Seed002Scripts.OFFER));
        assertThat(got(t, "A sends its offer", "A")).isEmpty();
        assertThat(got(t, "data of every JSON type", "B"))
                .containsExactly(event("message", Seed000Scripts.EVERY_TYPE));
        assertThat(got(t, "C joins: full", "C")).containsExactly(event("full", "{\"roomId\":\"room1\",\"userNum\":3}"));
        assertThat(got(t, "A leaves", "B")).containsExactly(event("bye", "{\"roomId\":\"room1\",\"userId\":\"{A}\"}"));
        assertThat(got(t, "A leaves", "A")).containsExactly(event("leaved", "{\"roomId\":\"room1\"}"));
        // Surprises of the seed's own code, which the transcript keeps:
        assertThat(got(t, "A joins again: full", "A")).containsExactly(event("full", "{\"roomId\":\"room1\",\"userNum\":3}"));
        assertThat(got(t, "C disconnects", "B")).containsExactly(event("bye", "{\"roomId\":\"room1\",\"userId\":\"{C}\"}"));
        assertThat(got(t, "A joins again: A (counted", "A")).containsExactly(event("joined", "{\"roomId\":\"room1\",\"userNum\":2}"));
        assertThat(got(t, "A disconnects without leave", "B")).containsExactly(
                event("bye", "{\"roomId\":\"room1\",\"userId\":\"{A}\"}"), event("bye", "{\"roomId\":\"room1\",\"userId\":\"{A}\"}"));
        assertThat(got(t, "B leaves as on beforeunload", "B")).containsExactly(lifecycle("disconnect", "\"io client disconnect\""));
    }

    @Test
    void stringAndNumberRoomsDoNotMeet() {
        Transcript t = ReferenceTranscripts.recordAndCheck(Seed002Scripts.roomTypes(), server.url(), ClientFactory.STANDARD);

        assertThat(got(t, "B joins", "B")).containsExactly(event("joined", "{\"roomId\":123456,\"userNum\":2}"));
        assertThat(got(t, "B joins", "A")).isEmpty();
        assertThat(got(t, "A's message", "B")).isEmpty();
        assertThat(got(t, "B's message", "A")).isEmpty();
    }

    @Test
    void socketIoClientJava2GetsWhatThePageGets() {
        TranscriptRun.replay(Transcript.load("seed002-signalserver").withKind("sio4", "java2"), server.url(),
                ClientFactory.STANDARD);
    }
}
