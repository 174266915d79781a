package dev.parley.server.dialect;

import static dev.parley.server.dialect.SeedPage.callBack;
import static dev.parley.server.dialect.SeedPage.callStart;
import static dev.parley.server.dialect.SeedPage.candidate;
import static dev.parley.server.dialect.SeedPage.description;
import static dev.parley.server.dialect.SeedPage.hangup;
import static dev.parley.server.dialect.SeedPage.ice;
import static dev.parley.server.dialect.SeedPage.received;
import static dev.parley.server.dialect.SeedPage.receivedDescription;
import static dev.parley.server.dialect.SeedPage.receivedIce;
import static dev.parley.server.dialect.SeedPage.system;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.TestServer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Seed 003's pages over real WebSockets at {@code /webrtc/{username}} on a server on 127.0.0.1. */
class Seed003ServerTest {
    private static final Duration QUIET = Duration.ofMillis(300);

    private static URI page(TestServer server, String name) {
        return PageSocket.uri(server.server().httpPort(), name, null);
    }

    /** The seed article's own transcript (zs calls ls), with Parley's fromUser: always the other party. */
    @Test
    void theSeedsWholeCallGoesThroughAsTheArticleShowsIt() throws Exception {
        try (TestServer server = TestServer.start();
                PageSocket zs = PageSocket.open(server.http(), page(server, "zs"));
                PageSocket ls = PageSocket.open(server.http(), page(server, "ls"))) {
            server.awaitStats(s -> s.namedSessions() == 2);
            zs.send(callStart("zs", "ls"));
            ls.expect(received("call_start", "zs", "1"));
            ls.send(callBack("ls", "zs", "1"));
            zs.expect(received("call_back", "ls", "1"));

            String offer = SeedPage.sdp("626753068503365352", 6_000);
            zs.send(description("offer", offer, "zs", "ls"));
            ls.expect(receivedDescription("offer", "zs", offer));
            String answer = SeedPage.sdp("6281552672698732270", 3_000);
            ls.send(description("answer", answer, "ls", "zs"));
            zs.expect(receivedDescription("answer", "ls", answer));

            String lsCandidate = candidate("candidate:1679555437 1 udp 2122260223 172.16.12.156 60155 typ host generation 0 ufrag Ex36 network-id 1", "Ex36");
            ls.send(ice("ls", "zs", lsCandidate));
            zs.expect(receivedIce("ls", lsCandidate));
            String zsCandidate = candidate("candidate:1625475052 1 udp 2113937151 192.168.253.2 38700 typ host generation 0 ufrag Qcjs network-cost 999", "Qcjs");
            zs.send(ice("zs", "ls", zsCandidate));
            ls.expect(receivedIce("zs", zsCandidate));

            ls.send(hangup("ls", "zs"));
            zs.expect(received("hangup", "ls", "对方挂断!"));
            zs.send(hangup("zs", "ls")); // the page's hang-up button, clicked by the hangup it received
            zs.expectNothing(QUIET);
            ls.expectNothing(QUIET);
        }
    }

    @Test
    void aPageThatIsNotAWebSocketUpgradeIsLeftToTheHttpRoutes() throws Exception {
        try (TestServer server = TestServer.start()) {
            var response = server.http().send(java.net.http.HttpRequest.newBuilder(server.httpUri("/webrtc/zs.html")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
        }
    }
}
