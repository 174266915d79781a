package dev.parley.client.call;

import static dev.parley.client.call.Vectors.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.ManualLoop;
import dev.parley.client.call.FakeRtc.FakeChannel;
import dev.parley.client.call.FakeRtc.FakePeer;
import dev.parley.client.rtc.DataChannelOptions;
import dev.parley.client.rtc.IceConnectionState;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.rtc.RtcPeerFactory;
import dev.parley.protocol.Payload;
import dev.parley.protocol.Peer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the conformance vectors (conformance/*.json) against the Java SDK's call layer; the JS
 * SDK's tests replay the same files (conformance/replay.test.mjs), so the two cannot drift apart.
 */
class ConformanceTest {
    @TestFactory
    Stream<DynamicTest> negotiation() throws Exception {
        return cases("negotiation.json", c -> new NegotiationCase(c).run());
    }

    @TestFactory
    Stream<DynamicTest> dataChannel() throws Exception {
        return cases("data-channel.json", c -> new DataCase(c).run());
    }

    private interface Replay {
        void run(JsonNode c) throws Exception;
    }

    private static Stream<DynamicTest> cases(String file, Replay replay) throws Exception {
        JsonNode all = Vectors.load(file).get("cases");
        return StreamSupport.stream(all.spliterator(), false)
                .map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> replay.run(c)));
    }

    /** One PeerLink on the fake engine, the other side scripted by the vector. */
    private static final class NegotiationCase {
        final JsonNode spec;
        final ManualLoop loop = new ManualLoop();
        final FakeRtc rtc = new FakeRtc();
        final List<JsonNode> sent = new ArrayList<>();
        final Vectors.Captures captures = new Vectors.Captures();
        final PeerLink link;
        final FakePeer pc;
        int logged;

        NegotiationCase(JsonNode spec) {
            this.spec = spec;
            link = new PeerLink(loop, rtc, new RtcPeerFactory.Configuration(List.of(), false), LocalMedia.NONE,
                    new Peer("peer", null), spec.get("polite").asBoolean(), p -> sent.add(tree(p.toPayload().json())));
            pc = rtc.last();
        }

        void run() {
            int n = 0;
            for (JsonNode step : spec.get("steps")) {
                n++;
                if (step.has("engine")) engine(step.get("engine"));
                else if (step.has("receive")) {
                    SignalPayload p = SignalPayload.parse(new Payload(step.get("receive").toString()));
                    if (p != null) loop.execute(() -> link.handle(p));
                } else if (step.has("wait")) loop.advance(Duration.ofMillis(step.get("wait").asLong()));
                loop.drain();
                if (step.has("expect")) expect(n, step.get("expect"));
            }
        }

        void engine(JsonNode e) {
            if (e.isTextual() && e.asText().equals("negotiationneeded")) pc.observer.onNegotiationNeeded();
            else if (e.has("candidateWhileDescribing")) pc.candidateWhileDescribing = e.get("candidateWhileDescribing").asText();
            else if (e.has("candidate")) pc.observer.onIceCandidate(FakePeer.candidate(e.get("candidate").asText()));
            else if (e.has("ice")) pc.ice(IceConnectionState.valueOf(e.get("ice").asText().toUpperCase(Locale.ROOT)));
            else throw new IllegalArgumentException("unknown engine step " + e);
        }

        void expect(int n, JsonNode expect) {
            List<String> log = List.copyOf(pc.log.subList(logged, pc.log.size()));
            logged = pc.log.size();
            List<JsonNode> out = List.copyOf(sent);
            sent.clear();
            String where = "step " + n + ", trace " + link.trace();
            if (expect.has("engine")) assertThat(log).as("engine calls at " + where).containsExactlyElementsOf(texts(expect.get("engine")));
            if (expect.has("sent")) {
                assertThat(captures.matchList(expect.get("sent"), out)).as("sent at " + where + ": " + out).isTrue();
            }
            if (expect.has("signaling")) {
                assertThat(pc.signalingState().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        .as("signaling state at " + where).isEqualTo(expect.get("signaling").asText());
            }
        }
    }

    /** One CallData on a fake control channel, the other side scripted by the vector. */
    private static final class DataCase {
        final JsonNode spec;
        final ManualLoop loop = new ManualLoop();
        final FakePeer pc = new FakePeer(null);
        final FakeChannel control;
        final CallData data;
        final List<JsonNode> events = new ArrayList<>();
        final Map<String, FileTransfer> transfers = new LinkedHashMap<>();
        final Vectors.Captures captures = new Vectors.Captures();
        final Map<FakeChannel, Integer> seenChunks = new LinkedHashMap<>();
        int seenControl;
        int seenChannels = 1;

        DataCase(JsonNode spec) {
            this.spec = spec;
            control = (FakeChannel) pc.createDataChannel("parley", DataChannelOptions.negotiated(0));
            data = new CallData(loop, pc, control, new Peer("peer", null));
            data.events().on(CallEvent.class, e -> {
                switch (e) {
                    case CallEvent.RemoteState(Peer p, DeviceState s) -> event("remote-state", "mic", s.mic(), "cam", s.cam(),
                            "screen", s.screen(), "screenStream", s.screenStream());
                    case CallEvent.Chat(Peer p, String id, String text, long at) -> event("chat", "id", id, "text", text, "at", at);
                    case CallEvent.ChatDelivered(String id) -> event("chat-delivered", "id", id);
                    case CallEvent.FileOffered(Peer p, FileTransfer t) -> {
                        event("file", "id", t.id(), "name", t.name(), "size", t.size(), "mime", t.type());
                        follow(t);
                    }
                    default -> throw new AssertionError("unexpected " + e);
                }
            });
        }

        void follow(FileTransfer t) {
            transfers.put(t.id(), t);
            t.events().on(FileTransfer.Done.class, d -> event("file-done", "id", t.id(), "ok", d.ok(), "sha256", d.sha256()));
            t.events().on(FileTransfer.Cancelled.class, c -> event("file-cancelled", "id", t.id(), "by", c.byMe() ? "me" : "peer"));
        }

        void event(String type, Object... fields) {
            ObjectNode o = JSON.createObjectNode().put("type", type);
            for (int i = 0; i < fields.length; i += 2) o.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
            events.add(o);
        }

        void run() {
            int n = 0;
            for (JsonNode step : spec.get("steps")) {
                n++;
                if (step.has("control")) control.open();
                else if (step.has("receive")) control.observer.onText(captures.resolve(step.get("receive")).toString());
                else if (step.has("receiveText")) control.observer.onText(step.get("receiveText").asText());
                else if (step.has("do")) loop.execute(() -> act(step.get("do")));
                else if (step.has("channel")) channel(step.get("channel"));
                else if (step.has("peerChannel")) peerChannel(step.get("peerChannel"));
                loop.drain();
                if (step.has("expect")) expect(n, step.get("expect"));
            }
        }

        void act(JsonNode d) {
            if (d.has("setState")) {
                JsonNode s = d.get("setState");
                data.setState(new DeviceState(s.get("mic").asBoolean(), s.get("cam").asBoolean(), s.get("screen").asBoolean(),
                        s.get("screenStream").isNull() ? null : s.get("screenStream").asText()));
            } else if (d.has("chat")) {
                data.chat(d.get("chat").asText());
            } else if (d.has("sendFile")) {
                JsonNode f = d.get("sendFile");
                follow(data.sendFile(f.get("name").asText(), f.get("type").asText(),
                        Vectors.bytes(f.get("size").asLong(), f.get("seed").asInt(), 0)));
            }
        }

        void channel(JsonNode c) {
            FakeChannel ch = pc.channel(captures.resolve(c.get("label")).asText());
            assertThat(ch).as("channel " + c.get("label")).isNotNull();
            if (c.has("state")) ch.open();
            if (c.has("buffered")) ch.drain(c.get("buffered").asLong());
        }

        void peerChannel(JsonNode c) {
            var ch = new FakeChannel(c.get("label").asText());
            ch.state = dev.parley.client.rtc.RtcDataChannel.State.OPEN;
            loop.execute(() -> data.channel(ch));
            loop.drain();
            for (JsonNode chunk : c.get("chunks")) {
                ch.observer.onBinary(ByteBuffer.wrap(Vectors.bytes(chunk.get("size").asLong(), chunk.get("seed").asInt(), chunk.get("offset").asLong())));
            }
        }

        void expect(int n, JsonNode expect) {
            String where = "step " + n;
            List<JsonNode> sentControl = new ArrayList<>();
            for (String text : control.sent.subList(seenControl, control.sent.size())) sentControl.add(tree(text));
            seenControl = control.sent.size();
            List<JsonNode> happened = List.copyOf(events);
            events.clear();
            List<String> newChannels = new ArrayList<>();
            for (FakeChannel c : pc.channels.subList(seenChannels, pc.channels.size())) newChannels.add(c.label);
            seenChannels = pc.channels.size();
            if (expect.has("control")) {
                assertThat(captures.matchList(expect.get("control"), sentControl)).as("control at " + where + ": " + sentControl).isTrue();
            }
            if (expect.has("events")) {
                assertThat(captures.matchList(expect.get("events"), happened)).as("events at " + where + ": " + happened).isTrue();
            }
            if (expect.has("channels")) {
                assertThat(captures.matchList(expect.get("channels"), newChannels.stream().map(l -> (JsonNode) JSON.valueToTree(l)).toList()))
                        .as("channels at " + where + ": " + newChannels).isTrue();
            }
            if (expect.has("chunks")) {
                expect.get("chunks").fields().forEachRemaining(e -> {
                    List<Integer> sizes = newChunks(e.getKey()).stream().map(b -> b.length).toList();
                    assertThat(sizes).as("chunks on " + e.getKey() + " at " + where)
                            .containsExactlyElementsOf(StreamSupport.stream(e.getValue().spliterator(), false).map(JsonNode::asInt).toList());
                });
            }
            if (expect.has("chunkCount")) {
                expect.get("chunkCount").fields().forEachRemaining(e ->
                        assertThat(newChunks(e.getKey())).as("chunks on " + e.getKey() + " at " + where).hasSize(e.getValue().asInt()));
            }
            if (expect.has("channelsClosed")) {
                for (JsonNode label : expect.get("channelsClosed")) {
                    assertThat(pc.channel(captures.resolve(label).asText()).state).as(label + " at " + where)
                            .isEqualTo(dev.parley.client.rtc.RtcDataChannel.State.CLOSED);
                }
            }
            if (expect.has("received")) {
                expect.get("received").fields().forEachRemaining(e -> assertThat(transfers.get(e.getKey()).content())
                        .as("file " + e.getKey()).isEqualTo(Vectors.bytes(e.getValue().get("size").asLong(), e.getValue().get("seed").asInt(), 0)));
            }
        }

        List<byte[]> newChunks(String label) {
            FakeChannel ch = pc.channel(captures.resolve(JSON.valueToTree(label)).asText());
            assertThat(ch).as("channel " + label).isNotNull();
            int from = seenChunks.getOrDefault(ch, 0);
            seenChunks.put(ch, ch.binary.size());
            return List.copyOf(ch.binary.subList(from, ch.binary.size()));
        }
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
