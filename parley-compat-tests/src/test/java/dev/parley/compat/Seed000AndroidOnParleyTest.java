package dev.parley.compat;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.dialect.ParleyIdClient;
import dev.parley.server.dialect.SeedTranscriptsTest;
import dev.parley.server.dialect.clients.ClientFactory;
import dev.parley.server.dialect.clients.Transcript;
import dev.parley.server.dialect.clients.TranscriptRun;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 000's Android app's flow on its own library, socket.io-client-java 1.0.0 (Engine.IO 3), on
 * Parley: what it did on the seed's server ({@link Seed000AndroidReferenceTest}) but where Parley
 * differs on purpose (see {@code SeedTranscriptsTest} and docs/compat.md).
 */
@Timeout(120)
class Seed000AndroidOnParleyTest {
    private static ParleyServer server;
    private static URI url;
    private static final ClientFactory CLIENTS = (label, kind, at, options) -> {
        var c = JavaSocketIoClient.FACTORY.open(label, kind, at, options);
        return c == null ? null : new ParleyIdClient(c);
    };

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(ServerConfig.loopback(0));
        url = URI.create("http://127.0.0.1:" + server.httpPort());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theAndroidFlow() {
        TranscriptRun.replay(Transcript.load("seed000-android"), url, CLIENTS);
    }

    @Test
    void theAppAndThePageInOneRoom() {
        Transcript mixed = Transcript.load("seed000-mixed");
        TranscriptRun.replay(mixed
                .expecting("B joins 123456", "A", SeedTranscriptsTest.respelled(mixed, "B joins 123456", "A", "\"123456\""))
                .expecting("A offers", "B", SeedTranscriptsTest.respelled(mixed, "A offers", "B", "123456"))
                .expecting("B answers", "A", SeedTranscriptsTest.respelled(mixed, "B answers", "A", "\"123456\""))
                .expecting("B leaves", "A", SeedTranscriptsTest.respelled(mixed, "B leaves", "A", "\"123456\""))
                .expecting("A leaves", "B"), url, CLIENTS);
    }
}
