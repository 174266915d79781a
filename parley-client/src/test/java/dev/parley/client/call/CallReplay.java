package dev.parley.client.call;

import static dev.parley.client.call.Vectors.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.ManualLoop;
import dev.parley.client.Parley;
import dev.parley.client.ParleyEvent;
import dev.parley.client.ParleyException;
import dev.parley.client.call.FakeRtc.FakeChannel;
import dev.parley.client.call.FakeRtc.FakePeer;
import dev.parley.client.rtc.IceConnectionState;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.protocol.Peer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Replays one case of call.json against the Java SDK: its {@link Parley} (with its real reconnect
 * code) over {@link FakeSockets}, its calls over {@link FakeRtc}, everything on a {@link ManualLoop}
 * whose clock moves only in {@code wait} steps, the server scripted by the vector. The JS twin is
 * conformance/call-replay.mjs; README.md there describes the step language.
 */
final class CallReplay {
    /** How long a {@code close} step waits for Parley.closeAsync, which closes on another thread. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);

    private final JsonNode spec;
    private final ManualLoop loop = new ManualLoop();
    private final FakeRtc rtc = new FakeRtc();
    private final FakeSockets sockets = new FakeSockets();
    private final Parley parley;
    private final Vectors.Captures captures = new Vectors.Captures();
    // All of it confined to the test's thread, which runs the loop.
    private final List<JsonNode> states = new ArrayList<>();
    private final List<JsonNode> events = new ArrayList<>();
    private Object call; // the MediaCall or GroupCall the API handed over last
    private IncomingCall incoming;
    private int seenFrames;
    private final Map<PeerLink, Integer> seenLog = new IdentityHashMap<>();
    private final Map<PeerLink, Integer> seenControl = new IdentityHashMap<>();

    CallReplay(JsonNode spec) {
        this.spec = spec;
        parley = Parley.builder(URI.create("ws://parley.test/ws"))
                .name(spec.path("user").asText(null))
                .loop(loop)
                .rtc(rtc)
                .connector(sockets)
                .jitter(() -> 0.5) // the back-off's spread, fixed as Math.random is in the JS replay
                .build();
        parley.on(IncomingCall.class, in -> {
            incoming = in;
            event("incoming", "call", in.callId(), "from", in.from());
            in.on(IncomingCall.Cancelled.class, c -> event("cancelled", "reason", c.reason()));
        });
        parley.on(ParleyEvent.class, e -> {
            switch (e) {
                case ParleyEvent.Reconnecting r -> event("reconnecting", "attempt", r.attempt(), "delayMs", r.delay().toMillis(), "code", r.code());
                case ParleyEvent.Resumed r -> event("resumed");
                case ParleyEvent.Restored r -> event("restored");
                case ParleyEvent.Rejoined r -> event("rejoined", "room", r.joined().room(),
                        "peers", r.joined().peers().stream().map(CallReplay::key).toList());
                case ParleyEvent.RoomLost r -> event("room-lost", "room", r.room(), "code", r.error().reason());
                case ParleyEvent.Closed c -> event("close", "code", c.code());
                default -> {} // state changes, call-resume: not part of the transcript
            }
        });
    }

    void run() throws InterruptedException {
        int n = 0;
        try {
            for (JsonNode step : spec.get("steps")) {
                n++;
                if (step.has("api")) api(step.get("api"));
                else if (step.has("server")) server(step.get("server"));
                else if (step.has("socket")) socket(step.get("socket"));
                else if (step.has("engine")) engine(link(step.path("link").asText(null)), step.get("engine"));
                else if (step.has("wait")) loop.advance(Duration.ofMillis(step.get("wait").asLong()));
                else if (!step.has("expect")) throw new IllegalArgumentException("unknown step " + step);
                loop.drain();
                if (step.has("expect")) expect(n, step.get("expect"));
            }
        } finally {
            if (!sockets.idle()) sockets.drop(1006); // stops the SDK's acknowledgement timer
        }
    }

    private void api(JsonNode a) throws InterruptedException {
        String name = a.isTextual() ? a.asText() : a.fieldNames().next();
        JsonNode arg = a.isTextual() ? null : a.get(name);
        loop.execute(() -> {
            switch (name) {
                case "connect" -> outcome(name, parley.connect(), w -> {});
                case "joinCall" -> outcome(name, parley.joinCall(arg.asText(), LocalMedia.NONE), this::adopt);
                case "joinGroup" -> outcome(name, parley.joinGroup(arg.asText(), LocalMedia.NONE), this::adopt);
                case "call" -> outcome(name, parley.call(arg.asText(), LocalMedia.NONE), this::adopt);
                case "accept" -> outcome(name, incoming.accept(LocalMedia.NONE), this::adopt);
                case "reject" -> outcome(name, incoming.reject(arg == null || arg.isNull() ? null : arg.asText()), r -> {});
                case "hangup" -> outcome(name, call instanceof MediaCall m ? m.hangup() : ((GroupCall) call).hangup(), v -> {});
                case "chat" -> {
                    try {
                        if (call instanceof MediaCall m) m.chat(arg.asText());
                        else ((GroupCall) call).chat(arg.asText());
                    } catch (RuntimeException e) {
                        failed(name, e);
                    }
                }
                case "close" -> parley.closeAsync();
                default -> throw new IllegalArgumentException("unknown api step " + a);
            }
        });
        loop.drain();
        if (name.equals("close")) {
            long deadline = System.nanoTime() + CLOSE_BOUND.toNanos();
            while (!sockets.idle() && System.nanoTime() < deadline) Thread.sleep(5);
        }
    }

    private <T> void outcome(String api, CompletableFuture<T> future, java.util.function.Consumer<T> then) {
        future.whenComplete((t, e) -> {
            if (e == null) then.accept(t);
            else failed(api, e);
        });
    }

    private void failed(String api, Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        event("failed", "api", api, "code", e instanceof ParleyException p ? p.reason() : null);
    }

    /** A call the API handed over: its state then is the first of its states. */
    private void adopt(Object c) {
        call = c;
        states.add(state(c instanceof MediaCall m ? m.state() : ((GroupCall) c).state(), null));
        java.util.function.Consumer<CallEvent> record = e -> {
            switch (e) {
                case CallEvent.StateChanged s -> {
                    var st = state(s.state(), s.reason());
                    if (s.detail() != null) ((com.fasterxml.jackson.databind.node.ArrayNode) st).add(s.detail());
                    states.add(st);
                }
                case CallEvent.PeerAway p -> event("peer-away", "peer", key(p.peer()));
                case CallEvent.PeerBack p -> event("peer-back", "peer", key(p.peer()));
                case CallEvent.PeerLeft m -> event("peer-left", "peer", key(m.peer()));
                case CallEvent.PeerJoined m -> event("peer-joined", "peer", key(m.peer()));
                case CallEvent.ChatDelivered d -> event("chat-delivered", "id", d.id());
                default -> {} // media, quality, what the other side says: not part of the transcript
            }
        };
        if (c instanceof MediaCall m) m.on(CallEvent.class, record);
        else ((GroupCall) c).on(CallEvent.class, record);
    }

    private void server(JsonNode frames) {
        List<String> texts = new ArrayList<>();
        for (JsonNode f : frames.isArray() ? frames : JSON.createArrayNode().add(frames)) texts.add(resolved(f, "server frame"));
        sockets.deliver(texts);
    }

    private void socket(JsonNode s) {
        if (s.has("close")) sockets.drop(s.get("close").asInt());
        else if (s.has("refuse")) sockets.refusing = s.get("refuse").asInt();
        else throw new IllegalArgumentException("unknown socket step " + s);
    }

    /** The current call's links, ordered by peer. */
    private List<Map.Entry<String, PeerLink>> links() {
        List<Map.Entry<String, PeerLink>> all = new ArrayList<>();
        if (call instanceof MediaCall m && m.link() != null) all.add(Map.entry(key(m.peer()), m.link()));
        if (call instanceof GroupCall g) g.members().forEach((id, member) -> all.add(Map.entry(key(member.peer()), member.link())));
        all.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        return all;
    }

    private PeerLink link(String peer) {
        var all = links();
        var found = peer == null
                ? (all.size() == 1 ? all.get(0) : null)
                : all.stream().filter(l -> l.getKey().equals(peer)).findFirst().orElse(null);
        assertThat(found).as("link " + (peer == null ? "(the only one)" : peer) + " among " + all.stream().map(Map.Entry::getKey).toList()).isNotNull();
        return found.getValue();
    }

    private void engine(PeerLink link, JsonNode e) {
        FakePeer pc = (FakePeer) link.pc();
        FakeChannel control = pc.channel("parley");
        if (e.isTextual() && e.asText().equals("negotiationneeded")) pc.observer.onNegotiationNeeded();
        else if (e.has("candidateWhileDescribing")) pc.candidateWhileDescribing = e.get("candidateWhileDescribing").asText();
        else if (e.has("candidate")) pc.observer.onIceCandidate(FakePeer.candidate(e.get("candidate").asText()));
        else if (e.has("ice")) pc.ice(IceConnectionState.valueOf(upper(e.get("ice").asText())));
        else if (e.has("connection")) pc.connection(PeerConnectionState.valueOf(upper(e.get("connection").asText())));
        else if (e.path("control").asText("").equals("open")) control.open();
        else if (e.has("control")) control.observer.onText(resolved(e.get("control"), "control message"));
        else throw new IllegalArgumentException("unknown engine step " + e);
    }

    private void expect(int n, JsonNode expect) {
        List<JsonNode> sent = sockets.since(seenFrames);
        seenFrames += sent.size();
        List<JsonNode> frames = sent.stream().filter(f -> !f.path("type").asText().equals("ack")).toList();
        List<JsonNode> stateList = List.copyOf(states);
        states.clear();
        List<JsonNode> eventList = List.copyOf(events);
        events.clear();
        ArrayNode links = JSON.createArrayNode();
        Map<String, List<JsonNode>> control = new java.util.LinkedHashMap<>();
        List<List<String>> traces = new ArrayList<>();
        int i = 0;
        for (var entry : links()) {
            PeerLink link = entry.getValue();
            FakePeer pc = (FakePeer) link.pc();
            List<String> log = List.copyOf(pc.log.subList(seenLog.getOrDefault(link, 0), pc.log.size()));
            seenLog.put(link, pc.log.size());
            List<String> onControl = pc.channel("parley").sent;
            List<JsonNode> messages = new ArrayList<>();
            for (String t : onControl.subList(seenControl.getOrDefault(link, 0), onControl.size())) messages.add(Vectors.tree(t));
            seenControl.put(link, onControl.size());
            control.put(entry.getKey(), messages);
            traces.add(link.trace());
            // Each expected link says peer and polite, and may say engine (its log since the last expect).
            ObjectNode l = JSON.createObjectNode().put("peer", entry.getKey()).put("polite", link.polite());
            if (expect.path("links").path(i++).has("engine")) l.set("engine", JSON.valueToTree(log));
            links.add(l);
        }
        String where = "at step " + n + "; traces " + traces;
        if (expect.has("frames")) check("frames", where, expect.get("frames"), frames);
        if (expect.has("states")) check("states", where, expect.get("states"), stateList);
        if (expect.has("events")) check("events", where, expect.get("events"), eventList);
        if (expect.has("links")) assertThat(captures.match(expect.get("links"), links)).as(mismatch("links", where, expect.get("links"), links)).isTrue();
        if (expect.has("peerConnections")) {
            assertThat(rtc.peers).as("peer connections made " + where).hasSize(expect.get("peerConnections").asInt());
        }
        expect.path("control").fields().forEachRemaining(e -> {
            List<JsonNode> actual = control.get(e.getKey());
            assertThat(actual).as("no link " + e.getKey() + " " + where).isNotNull();
            check("control messages to " + e.getKey(), where, e.getValue(), actual);
        });
    }

    /** What the script sends, its captures resolved: a $name not captured yet is a mistake in the vector. */
    private String resolved(JsonNode value, String what) {
        String text = captures.resolve(value).toString();
        var left = java.util.regex.Pattern.compile("\"(\\$[^\"]*)\"").matcher(text);
        if (left.find()) throw new IllegalArgumentException(what + " " + text + " uses " + left.group(1) + " before any expect captured it");
        return text;
    }

    private void check(String what, String where, JsonNode expected, List<JsonNode> actual) {
        assertThat(captures.matchList(expected, actual)).as(mismatch(what, where, expected, actual)).isTrue();
    }

    private static String mismatch(String what, String where, JsonNode expected, Object actual) {
        return what + " " + where + ":\n  expected " + expected + "\n  actual   " + actual;
    }

    private void event(String type, Object... fields) {
        ObjectNode o = JSON.createObjectNode().put("type", type);
        for (int i = 0; i < fields.length; i += 2) o.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
        events.add(o);
    }

    private static JsonNode state(CallState state, String reason) {
        return JSON.createArrayNode().add(state.name().toLowerCase(Locale.ROOT)).add(reason);
    }

    /** How the vectors name a peer: a room member by session id, the other side of a direct call by name. */
    static String key(Peer peer) {
        return peer == null ? null : peer.id() == null || peer.id().isEmpty() ? peer.name() : peer.id();
    }

    private static String upper(String wire) {
        return wire.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
