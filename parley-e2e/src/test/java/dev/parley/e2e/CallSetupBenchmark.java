package dev.parley.e2e;

import com.microsoft.playwright.Page;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * bench/call-setup: how long a call takes to set up through Parley, beside the lower bound of two
 * RTCPeerConnections wired together inside one page with no server. Both sides get the camera,
 * negotiate and connect ICE over loopback; Parley adds the web app, the WebSocket round trips and
 * the relay, and does before the click what needs no click: the server connection at page load,
 * the camera while the room name is typed (the anchor opens its cameras after its start). Reported,
 * never asserted: a benchmark, not a test (run by bench/call-setup/run).
 */
@Tag("bench")
class CallSetupBenchmark {
    static final int WARM_UP = 2;
    static final int CALLS = Integer.getInteger("parley.bench.calls", 9);

    /**
     * Marks, in the page's clock, ICE connected and the first decoded remote video frame of the
     * connection measured: the page's only one through Parley (the side that offers), and in the
     * anchor the one that offers too ({@code window.__only}), not whichever of its two is first.
     */
    private static final String INSTRUMENT = """
            (() => {
              const Original = window.RTCPeerConnection;
              window.__marks = {};
              // Phases after the click (window.__t0): the camera granted, the join sent and answered, the connection made.
              const mark = name => { if (window.__t0 && window.__marks[name] === undefined) window.__marks[name] = performance.now(); };
              const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
              navigator.mediaDevices.getUserMedia = c => getUserMedia(c).then(s => { mark('camera'); return s; });
              const send = WebSocket.prototype.send;
              WebSocket.prototype.send = function (data) {
                if (typeof data === 'string' && data.includes('"type":"join"')) mark('joinSent');
                return send.call(this, data);
              };
              // Listening from the constructor, ahead of the SDK's onmessage: the SDK's handling of
              // 'joined' (the call made at once, in the same task) would otherwise come first.
              const Socket = window.WebSocket;
              window.WebSocket = class extends Socket {
                constructor(...args) {
                  super(...args);
                  this.addEventListener('message', e => { if (String(e.data).includes('"type":"joined"')) mark('joined'); });
                }
              };
              window.RTCPeerConnection = class extends Original {
                constructor(...args) {
                  super(...args);
                  mark('connection');
                  this.addEventListener('negotiationneeded', () => mark('negotiation'));
                  const setLocal = this.setLocalDescription.bind(this);
                  this.setLocalDescription = (...a) => { mark('describing'); return setLocal(...a).then(r => { mark('described'); return r; }); };
                  const measured = () => !window.__only || window.__only === this;
                  this.addEventListener('iceconnectionstatechange', () => {
                    if (measured() && ['connected', 'completed'].includes(this.iceConnectionState)) window.__marks.ice ??= performance.now();
                  });
                  this.addEventListener('track', ({ track }) => {
                    if (!measured() || track.kind !== 'video' || window.__marks.watching) return;
                    window.__marks.watching = true;
                    const v = document.createElement('video');
                    v.muted = true;
                    v.srcObject = new MediaStream([track]);
                    v.play().catch(() => {});
                    v.requestVideoFrameCallback(() => { window.__marks.frame ??= performance.now(); });
                  });
                }
              };
            })();""";

    private static final String ANCHOR = """
            async () => {
              window.__marks = {};
              const t0 = performance.now();
              const [s1, s2] = await Promise.all([1, 2].map(() => navigator.mediaDevices.getUserMedia({ audio: true, video: true })));
              const a = new RTCPeerConnection(), b = new RTCPeerConnection();
              window.__only = a; // the side that offers, as Parley's newcomer does
              a.onicecandidate = e => e.candidate && b.addIceCandidate(e.candidate);
              b.onicecandidate = e => e.candidate && a.addIceCandidate(e.candidate);
              s1.getTracks().forEach(t => a.addTrack(t, s1));
              s2.getTracks().forEach(t => b.addTrack(t, s2));
              await a.setLocalDescription();
              await b.setRemoteDescription(a.localDescription);
              await b.setLocalDescription();
              await a.setRemoteDescription(b.localDescription);
              const started = performance.now();
              while (!(window.__marks.ice && window.__marks.frame) && performance.now() - started < 10000) await new Promise(r => setTimeout(r, 2));
              const r = { ice: window.__marks.ice - t0, frame: window.__marks.frame - t0 };
              a.close(); b.close();
              window.__only = null;
              [...s1.getTracks(), ...s2.getTracks()].forEach(t => t.stop());
              return r;
            }""";

    /**
     * Times from the action; for Parley also when the camera was granted, the join sent and answered,
     * the peer connection made, the offer sent and the answer back (NaN for the anchor).
     */
    record Sample(double ice, double frame, double camera, double joinSent, double joined, double connection,
                  double offerSent, double answerReceived) {}

    @Test
    void callSetupThroughParleyAgainstTwoPeerConnectionsInOnePage() throws Exception {
        try (var server = ParleyServer.start(ServerConfig.loopback(0)); var chromium = new Chromium()) {
            String url = "http://127.0.0.1:" + server.httpPort() + "/";
            List<Sample> parley = new ArrayList<>();
            List<Sample> anchor = new ArrayList<>();
            // Interleaved, so both see the same machine state over the run.
            for (int i = 0; i < WARM_UP + CALLS; i++) {
                Sample p = throughParley(chromium, url, "bench-" + i);
                Sample a = inOnePage(chromium, url);
                if (i >= WARM_UP) {
                    parley.add(p);
                    anchor.add(a);
                }
            }
            report(parley, anchor);
        }
    }

    private static Sample throughParley(Chromium chromium, String url, String room) {
        try (Person alice = chromium.person("alice", url); Person bob = chromium.person("bob", url)) {
            bob.page().addInitScript(INSTRUMENT);
            bob.page().reload();
            alice.joinRoom(room);
            alice.awaitCallState("waiting");
            bob.page().fill("#room", room);
            // The app opens the camera while the room name is typed (the grant is there): a person
            // clicks seconds later, once their preview shows, and so does this one.
            bob.waitFor("() => !document.getElementById('home-preview').hidden");
            bob.page().evaluate("() => document.getElementById('join').addEventListener('click', () => { window.__t0 = performance.now(); }, { capture: true })");
            bob.page().click("#join");
            bob.page().waitForFunction("() => window.__marks.ice && window.__marks.frame", null,
                    new Page.WaitForFunctionOptions().setTimeout(15_000).setPollingInterval(5));
            @SuppressWarnings("unchecked")
            var m = (Map<String, Number>) bob.page().evaluate("""
                    () => {
                      const at = step => parseFloat(window.parleyApp.call.link.trace.find(t => t.includes(step)).split(' ')[0]);
                      const since = name => (window.__marks[name] ?? NaN) - window.__t0;
                      return { ice: since('ice'), frame: since('frame'), camera: since('camera'), joinSent: since('joinSent'),
                               joined: since('joined'), connection: since('connection'),
                               offer: at('send offer') - window.__t0, answer: at('recv answer') - window.__t0 };
                    }""");
            return new Sample(m.get("ice").doubleValue(), m.get("frame").doubleValue(), m.get("camera").doubleValue(),
                    m.get("joinSent").doubleValue(), m.get("joined").doubleValue(), m.get("connection").doubleValue(),
                    m.get("offer").doubleValue(), m.get("answer").doubleValue());
        }
    }

    private static Sample inOnePage(Chromium chromium, String url) {
        try (Person solo = chromium.person("anchor", url)) {
            solo.page().addInitScript(INSTRUMENT);
            solo.page().reload();
            @SuppressWarnings("unchecked")
            var m = (Map<String, Number>) solo.page().evaluate(ANCHOR);
            return new Sample(m.get("ice").doubleValue(), m.get("frame").doubleValue(), Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN);
        }
    }

    private static void report(List<Sample> parley, List<Sample> anchor) throws IOException {
        var out = new StringBuilder();
        out.append("call setup, ").append(parley.size()).append(" calls each after ").append(WARM_UP)
                .append(" warm-up, Chromium ").append(chromiumVersion()).append(", loopback\n\n");
        out.append("| measure | path | min ms | median ms | max ms |\n|---|---|---|---|---|\n");
        row(out, "action → ICE connected", "Parley (web app, WebSocket, relay)", parley.stream().map(Sample::ice).toList());
        row(out, "action → ICE connected", "anchor: two RTCPeerConnections in one page", anchor.stream().map(Sample::ice).toList());
        row(out, "action → first remote frame", "Parley (web app, WebSocket, relay)", parley.stream().map(Sample::frame).toList());
        row(out, "action → first remote frame", "anchor: two RTCPeerConnections in one page", anchor.stream().map(Sample::frame).toList());
        double camera = median(parley.stream().map(Sample::camera).toList());
        double connection = median(parley.stream().map(Sample::connection).toList());
        out.append(String.format("%nwhere Parley's time goes (medians from the action): camera %s, join sent %.0f ms,"
                        + " joined %.0f ms, peer connection %s;%n",
                Double.isNaN(camera) ? "opened before the click" : String.format("granted %.0f ms", camera),
                median(parley.stream().map(Sample::joinSent).toList()),
                median(parley.stream().map(Sample::joined).toList()),
                Double.isNaN(connection) ? "made before the click" : String.format("made %.0f ms", connection)));
        // An offer made ahead (the SDK's prepareCall) is set before the click and leaves once joined.
        double offer = median(parley.stream().map(Sample::offerSent).toList());
        out.append(String.format("offer %s, answer back %.0f ms (the other browser answers; from the join: %.0f ms),"
                        + " answer → ICE connected %.0f ms%n",
                offer < 0 ? String.format("made %.0f ms before the click", -offer) : String.format("sent %.0f ms", offer),
                median(parley.stream().map(Sample::answerReceived).toList()),
                median(parley.stream().map(s -> s.answerReceived() - s.joinSent()).toList()),
                median(parley.stream().map(s -> s.ice() - s.answerReceived()).toList())));
        out.append(String.format("%nratio of medians, Parley / anchor: ICE connected %.2f, first frame %.2f%n",
                median(parley.stream().map(Sample::ice).toList()) / median(anchor.stream().map(Sample::ice).toList()),
                median(parley.stream().map(Sample::frame).toList()) / median(anchor.stream().map(Sample::frame).toList())));
        System.out.println(out);
        Path dir = Path.of(System.getProperty("parley.bench.out", "target/bench"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("call-setup.md"), out);
    }

    private static void row(StringBuilder out, String measure, String path, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        out.append(String.format("| %s | %s | %.0f | %.0f | %.0f |%n", measure, path, sorted.getFirst(), median(sorted), sorted.getLast()));
    }

    private static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String chromiumVersion() {
        try {
            Process p = new ProcessBuilder(System.getProperty("parley.chromium", "/usr/bin/chromium"), "--version").start();
            return new String(p.getInputStream().readAllBytes()).trim().replaceAll("^Chromium ([0-9.]+).*", "$1");
        } catch (IOException e) {
            return "?";
        }
    }
}
