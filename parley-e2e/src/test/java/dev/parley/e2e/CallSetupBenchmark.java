package dev.parley.e2e;

import com.microsoft.playwright.Browser;
import dev.parley.client.Listener;
import dev.parley.client.ParleyClient;
import dev.parley.protocol.Payload;
import dev.parley.protocol.ServerMessage;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
    /** The browser's threads' priorities during the last call through Parley, for the report. */
    private static ThreadPriorities priorities;

    /**
     * Marks, in the page's clock, ICE connected and the first decoded remote video frame of the
     * connection measured: the page's only one through Parley (the side that offers), and in the
     * anchor the one that offers too ({@code window.__only}), not whichever of its two is first.
     */
    private static final String INSTRUMENT = """
            (() => {
              const Original = window.RTCPeerConnection;
              window.__marks = {};
              // Settled once both are marked: waited for without polling the page, which would take its main thread.
              let finished;
              window.__done = new Promise(resolve => { finished = resolve; });
              const maybeDone = () => { if (window.__marks.ice && window.__marks.frame) finished(); };
              // Phases after the click (window.__t0): the camera granted, the join sent and answered, the connection made.
              const mark = name => { if (window.__t0 && window.__marks[name] === undefined) window.__marks[name] = performance.now(); };
              const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
              navigator.mediaDevices.getUserMedia = c => getUserMedia(c).then(s => { mark('camera'); return s; });
              const send = WebSocket.prototype.send;
              WebSocket.prototype.send = function (data) {
                if (typeof data === 'string' && data.includes('"type":"join"')) mark('joinSent');
                if (typeof data === 'string' && data.includes('"type":"answer"')) mark('answerSent');
                if (typeof data === 'string' && data.includes('"type":"offer"')) mark('offerLeft');
                return send.call(this, data);
              };
              // Listening from the constructor, ahead of the SDK's onmessage: the SDK's handling of
              // 'joined' (the call made at once, in the same task) would otherwise come first.
              const Socket = window.WebSocket;
              window.WebSocket = class extends Socket {
                constructor(...args) {
                  super(...args);
                  this.addEventListener('message', e => {
                    const text = String(e.data);
                    if (text.includes('"type":"joined"')) mark('joined');
                    if (text.includes('"type":"peer-joined"')) mark('peerJoined');
                    if (text.includes('"type":"offer"')) mark('offerReceived');
                    if (text.includes('"type":"answer"')) mark('answerArrived');
                  });
                }
              };
              window.RTCPeerConnection = class extends Original {
                constructor(...args) {
                  super(...args);
                  mark('connection');
                  this.addEventListener('negotiationneeded', () => mark('negotiation'));
                  const setLocal = this.setLocalDescription.bind(this);
                  this.setLocalDescription = (...a) => { mark('describing'); return setLocal(...a).then(r => { mark('described'); return r; }); };
                  const setRemote = this.setRemoteDescription.bind(this);
                  this.setRemoteDescription = (...a) => { mark('remoteDescribing'); return setRemote(...a).then(r => { mark('remoteDescribed'); return r; }); };
                  const measured = () => !window.__only || window.__only === this;
                  this.addEventListener('iceconnectionstatechange', () => {
                    if (measured() && ['connected', 'completed'].includes(this.iceConnectionState)) {
                      window.__marks.ice ??= performance.now();
                      maybeDone();
                    }
                  });
                  this.addEventListener('track', ({ track }) => {
                    if (window.__answering || !measured() || track.kind !== 'video' || window.__marks.watching) return;
                    window.__marks.watching = true;
                    // The page's own video element where it has one (the app's), else one of the benchmark's.
                    const v = window.__shownIn?.() ?? document.createElement('video');
                    if (!v.isConnected) {
                      v.muted = true;
                      v.srcObject = new MediaStream([track]);
                      v.play().catch(() => {});
                    }
                    // When the compositor took the frame (what the person sees), and when the page's script heard of it.
                    v.requestVideoFrameCallback((now, frame) => {
                      window.__marks.frame ??= frame.presentationTime;
                      window.__marks.frameHeard ??= performance.now();
                      maybeDone();
                    });
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
              // The answer in hand, as Parley's newcomer has it when it arrives: timed from here the same way.
              const answered = performance.now();
              await a.setRemoteDescription(b.localDescription);
              const answerTook = performance.now() - answered;
              await Promise.race([window.__done, new Promise((_, no) => setTimeout(() => no(new Error('anchor: no call within 10 s')), 10000))]);
              const r = { ice: window.__marks.ice - t0, frame: window.__marks.frame - t0, frameHeard: window.__marks.frameHeard - t0, answered: answered - t0, answerTook };
              a.close(); b.close();
              window.__only = null;
              [...s1.getTracks(), ...s2.getTracks()].forEach(t => t.stop());
              return r;
            }""";

    /** Chromium's trace categories for a traced call: the pages' threads, WebRTC's, the compositors'. */
    private static final List<String> TRACED = List.of("toplevel", "webrtc", "devtools.timeline",
            "disabled-by-default-devtools.timeline", "blink", "cc", "viz", "media", "gpu", "v8");

    /**
     * Times from the action; for Parley also when the camera was granted, the join sent and answered,
     * the peer connection made, the offer sent and the answer back (NaN for the anchor).
     */
    record Sample(double ice, double frame, double frameHeard, double camera, double joinSent, double joined, double connection,
                  double offerSent, double answerReceived, double offerLeft, double answerArrived, double answerTook,
                  Answering answering) {}

    /** The answering side's steps, in the newcomer's clock from the click (through the pages' time origins). */
    record Answering(double peerJoined, double connection, double offerReceived, double remoteDescribed, double described,
                     double answerSent) {
        static final Answering NONE = new Answering(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    @Test
    void callSetupThroughParleyAgainstTwoPeerConnectionsInOnePage() throws Exception {
        try (var server = ParleyServer.start(ServerConfig.loopback(0)); var chromium = new Chromium()) {
            String url = "http://127.0.0.1:" + server.httpPort() + "/";
            warmUp(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"));
            List<Sample> parley = new ArrayList<>();
            List<Sample> anchor = new ArrayList<>();
            // Interleaved, so both see the same machine state over the run.
            for (int i = 0; i < WARM_UP + CALLS; i++) {
                Sample p = throughParley(chromium, url, "bench-" + i, false);
                Sample a = inOnePage(chromium, url);
                if (i >= WARM_UP) {
                    parley.add(p);
                    anchor.add(a);
                }
            }
            // Traced (PARLEY_BENCH_TRACE=1) after the measured calls and not counted: tracing slows the browser.
            if (Boolean.getBoolean("parley.bench.trace")) throughParley(chromium, url, "bench-traced", true);
            CallSetupReport.report(parley, anchor, priorities);
        }
    }

    private static Sample throughParley(Chromium chromium, String url, String room, boolean traced) {
        try (Person alice = chromium.person("alice", url); Person bob = chromium.person("bob", url)) {
            for (Person p : List.of(alice, bob)) {
                p.page().addInitScript(INSTRUMENT);
                p.page().reload();
            }
            alice.joinRoom(room);
            alice.awaitCallState("waiting");
            bob.page().fill("#room", room);
            // The app opens the camera while the room name is typed (the grant is there): a person
            // clicks seconds later, once their preview shows, and so does this one.
            bob.waitFor("() => !document.getElementById('home-preview').hidden");
            // The answering side is timed, not watched: a video element of the benchmark's own there would add to its work.
            alice.page().evaluate("() => { window.__marks = {}; window.__t0 = performance.now(); window.__answering = true; }");
            // The first frame the person sees: in the app's video element, which a frame reaches only through the app.
            bob.page().evaluate("() => { window.__shownIn = () => document.getElementById('remote'); }");
            bob.page().evaluate("() => document.getElementById('join').addEventListener('click', () => { window.__t0 = performance.now(); }, { capture: true })");
            // What each process and thread did, for bench/call-setup/trace-cpu.
            if (traced) chromium.browser().startTracing(bob.page(), new Browser.StartTracingOptions()
                    .setPath(CallSetupReport.outDir().resolve("call-setup-trace.json")).setCategories(TRACED));
            bob.page().click("#join");
            bob.page().evaluate("() => Promise.race([window.__done, new Promise((_, no) => setTimeout(() => no(new Error('no call within 15 s')), 15000))])");
            if (traced) chromium.browser().stopTracing();
            // Read with both pages still open, after the call's times: it takes no CPU from a measured call.
            priorities = ThreadPriorities.ofDescendants();
            @SuppressWarnings("unchecked")
            var m = (Map<String, Number>) bob.page().evaluate("""
                    () => {
                      const at = step => parseFloat(window.parleyApp.call.link.trace.find(t => t.includes(step)).split(' ')[0]);
                      const since = name => (window.__marks[name] ?? NaN) - window.__t0;
                      return { ice: since('ice'), frame: since('frame'), frameHeard: since('frameHeard'), camera: since('camera'), joinSent: since('joinSent'),
                               joined: since('joined'), connection: since('connection'),
                               offer: at('send offer') - window.__t0, answer: at('recv answer') - window.__t0,
                               offerLeft: since('offerLeft'), answerArrived: since('answerArrived'),
                               answerTook: window.__marks.remoteDescribed - window.__marks.remoteDescribing };
                    }""");
            double click = ((Number) bob.page().evaluate("() => performance.timeOrigin + window.__t0")).doubleValue();
            @SuppressWarnings("unchecked")
            var a = (Map<String, Number>) alice.page().evaluate("""
                    click => {
                      const since = name => performance.timeOrigin + (window.__marks[name] ?? NaN) - click;
                      return { peerJoined: since('peerJoined'), connection: since('connection'), offerReceived: since('offerReceived'),
                               remoteDescribed: since('remoteDescribed'), described: since('described'), answerSent: since('answerSent') };
                    }""", click);
            var answering = new Answering(a.get("peerJoined").doubleValue(), a.get("connection").doubleValue(),
                    a.get("offerReceived").doubleValue(), a.get("remoteDescribed").doubleValue(), a.get("described").doubleValue(),
                    a.get("answerSent").doubleValue());
            return new Sample(m.get("ice").doubleValue(), m.get("frame").doubleValue(), m.get("frameHeard").doubleValue(), m.get("camera").doubleValue(),
                    m.get("joinSent").doubleValue(), m.get("joined").doubleValue(), m.get("connection").doubleValue(),
                    m.get("offer").doubleValue(), m.get("answer").doubleValue(), m.get("offerLeft").doubleValue(),
                    m.get("answerArrived").doubleValue(), m.get("answerTook").doubleValue(), answering);
        }
    }

    /** Relayed payloads before measuring, so the server's relay is compiled as a running server's is, not interpreted as a fresh JVM's. */
    static final int WARM_UP_SIGNALS = 4000;
    /** Each sender stays within a session's message burst (SessionGuards.DEFAULT_MESSAGE_BURST). */
    static final int SIGNALS_PER_SENDER = 190;

    private static void warmUp(URI ws) throws Exception {
        var received = new Semaphore(0);
        Listener counting = new Listener() {
            @Override
            public void onMessage(ParleyClient client, ServerMessage message) {
                if (message instanceof ServerMessage.Signal) received.release();
            }
        };
        Payload offer = Payload.parse("{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}");
        List<ParleyClient> clients = new ArrayList<>();
        try {
            ParleyClient receiver = ParleyClient.builder(ws).name("warm-receiver").listener(counting).connect();
            clients.add(receiver);
            receiver.join("warm-up").get(5, TimeUnit.SECONDS);
            for (int sent = 0; sent < WARM_UP_SIGNALS; sent += SIGNALS_PER_SENDER) {
                ParleyClient sender = ParleyClient.builder(ws).name("warm-" + sent).connect();
                clients.add(sender);
                sender.join("warm-up").get(5, TimeUnit.SECONDS);
                for (int i = 0; i < SIGNALS_PER_SENDER; i++) sender.signal("warm-up", receiver.sessionId(), offer);
                if (!received.tryAcquire(SIGNALS_PER_SENDER, 10, TimeUnit.SECONDS)) throw new IllegalStateException("warm-up signals not relayed");
                sender.leave("warm-up").get(5, TimeUnit.SECONDS);
            }
        } finally {
            clients.forEach(ParleyClient::close);
        }
    }

    private static Sample inOnePage(Chromium chromium, String url) {
        try (Person solo = chromium.person("anchor", url)) {
            solo.page().addInitScript(INSTRUMENT);
            solo.page().reload();
            @SuppressWarnings("unchecked")
            var m = (Map<String, Number>) solo.page().evaluate(ANCHOR);
            return new Sample(m.get("ice").doubleValue(), m.get("frame").doubleValue(), m.get("frameHeard").doubleValue(), Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, m.get("answered").doubleValue(), Double.NaN, Double.NaN, m.get("answerTook").doubleValue(),
                    Answering.NONE);
        }
    }
}
