package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SDK's perfect negotiation in a real browser, with the signaling path under the test's
 * control: the relay may deliver ICE candidates ahead of the descriptions they belong to (as when
 * Chrome reports candidates before setLocalDescription() returns), and once connected both sides
 * renegotiate at the same instant, a collision every time. Every ordering must end connected and
 * fully negotiated.
 */
class PeerLinkTest {
    private static final String NEGOTIATE = """
            async descriptionDelayMs => {
              const { PeerLink } = await import('/parley-link.js');
              const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
              let a, b;
              const relay = to => data => setTimeout(() => to().handle(data), data.description ? descriptionDelayMs : 0);
              a = new PeerLink({ polite: true, iceServers: [], stream, send: relay(() => b) });
              b = new PeerLink({ polite: false, iceServers: [], stream, send: relay(() => a) });
              const until = (what, test) => new Promise((resolve, reject) => {
                const started = performance.now();
                const poll = setInterval(() => {
                  if (test()) { clearInterval(poll); resolve(); }
                  else if (performance.now() - started > 10000) {
                    clearInterval(poll);
                    reject(new Error(what + ': ' + JSON.stringify({ a: a.trace, b: b.trace })));
                  }
                }, 20);
              });
              const connected = () => a.pc.connectionState === 'connected' && b.pc.connectionState === 'connected';
              const settled = () => a.pc.signalingState === 'stable' && b.pc.signalingState === 'stable';
              await until('first connection', connected);
              // Both sides renegotiate at the same instant: a collision the polite side must yield in.
              a.pc.addTransceiver('audio');
              b.pc.addTransceiver('audio');
              const negotiated = () => settled()
                && a.pc.getTransceivers().every(t => t.mid !== null) && b.pc.getTransceivers().every(t => t.mid !== null)
                && a.pc.getTransceivers().length === b.pc.getTransceivers().length;
              await until('renegotiation after a collision', () => negotiated() && connected());
              const collided = [...a.trace, ...b.trace].some(step => step.includes('collision'));
              const videoBoth = [a, b].every(l => l.remoteStream.getVideoTracks().length === 1);
              a.close(); b.close();
              for (const t of stream.getTracks()) t.stop();
              return { collided, videoBoth };
            }""";

    private static ParleyServer server;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(ServerConfig.loopback(0));
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
        if (server != null) server.close();
    }

    @ParameterizedTest(name = "descriptions {0} ms behind candidates")
    @ValueSource(ints = {0, 50, 300})
    void connectsAndSurvivesSimultaneousOffersWhateverOrderSignalsArriveIn(int descriptionDelayMs) {
        try (Person p = chromium.person("links", "http://127.0.0.1:" + server.httpPort() + "/")) {
            for (int round = 0; round < 3; round++) {
                @SuppressWarnings("unchecked")
                var result = (Map<String, Object>) p.page().evaluate(NEGOTIATE, descriptionDelayMs);
                assertThat(result.get("collided")).as("both sides offered at once").isEqualTo(true);
                assertThat(result.get("videoBoth")).as("each side receives the other's camera").isEqualTo(true);
            }
        }
    }

}
