package dev.parley.server.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.Access;
import dev.parley.core.Hub;
import dev.parley.core.HubMetrics;
import dev.parley.core.Outbox;
import dev.parley.core.Session;
import dev.parley.core.SignalingConfig;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ClientMessage.Hello;
import dev.parley.protocol.Payload;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seeds 000 and 002 on Parley's rooms, in process: each client's events as the seed's client sends
 * them, and what each one hears, checked against the seeds' servers' code.
 */
class SeedRoomsTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private Hub hub = hub(SignalingConfig.DEFAULT_ROOM_CAPACITY);

    private Hub hub(int roomCapacity) {
        var d = SignalingConfig.defaults();
        var config = new SignalingConfig(roomCapacity, d.maxRoomsPerSession(), d.callTimeout(), d.maxFrameBytes(), d.iceServers(), d.guards());
        return new Hub(config, timers, HubMetrics.NONE, Access.OPEN);
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    /** What clients' translations queued for their own executors, run after each event as the test's one thread. */
    private final Queue<Runnable> later = new ArrayDeque<>();

    /** One seed client: its socket's events in, the seed events it is sent out. Single-threaded, as the test. */
    private final class Client implements Outbox, ParleySide {
        final List<String> heard = new ArrayList<>();
        Session session;
        final SeedSocket rooms;
        /** What the client heard on connecting. */
        final List<String> greeting;

        Client() {
            session = hub.openTranslated(this, "test", null, new Object(), dev.parley.core.SessionSlot.NONE);
            rooms = new SeedSocket(session.id(), this, (event, args) -> heard.add(event + args.stream().map(Payload::json).toList()));
            session = hub.handle(session, new ClientFrame(null, new Hello(null, null, null, null, false)));
            rooms.connected();
            greeting = take();
        }

        String id() {
            return session.id();
        }

        void emit(String event, String... args) {
            rooms.event(event, java.util.Arrays.stream(args).map(Payload::parse).toList());
            while (!later.isEmpty()) later.poll().run();
        }

        List<String> take() {
            var copy = List.copyOf(heard);
            heard.clear();
            return copy;
        }

        void disconnect() {
            hub.close(session);
        }

        @Override
        public void deliver(ServerFrame frame) {
            rooms.deliver(frame);
        }

        @Override
        public void closeForPolicy(String reason) {
            heard.add("closed " + reason);
        }

        @Override
        public void send(String ref, ClientMessage message) {
            session = hub.handle(session, new ClientFrame(ref, message));
        }

        @Override
        public void refuse(ProtocolException e) {
            hub.reject(session, e);
        }

        @Override
        public boolean spend() {
            return hub.ping(session);
        }

        @Override
        public void sendLater(String ref, ClientMessage message) {
            later.add(() -> send(ref, message));
        }
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }

    @Test
    void seed000TwoMeetByNumberOrStringAndAThirdIsFull() {
        var a = new Client();
        var b = new Client();
        var c = new Client();
        a.emit("join", "123456");
        assertThat(a.take()).containsExactly("joined[123456, " + q(a.id()) + "]");
        b.emit("join", q("123456"));
        assertThat(b.take()).as("a string room comes back a string").containsExactly("joined[\"123456\", " + q(b.id()) + "]");
        assertThat(a.take()).as("the others only, in their own spelling").containsExactly("otherjoin[123456, " + q(b.id()) + "]");
        c.emit("join", "123456");
        assertThat(c.take()).containsExactly("full[123456, " + q(c.id()) + "]");
        assertThat(a.take()).isEmpty();
        assertThat(b.take()).isEmpty();
    }

    @Test
    void seed000MessagesReachTheOthersUntouchedAndLeaveSaysByeAndLeaved() {
        var a = new Client();
        var b = new Client();
        a.emit("join", "7");
        b.emit("join", "7");
        a.take();
        b.take();
        a.emit("message", "7", "{\"type\":\"candidate\",\"label\":0,\"id\":\"0\",\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\"}");
        assertThat(b.take()).containsExactly("message[7, {\"type\":\"candidate\",\"label\":0,\"id\":\"0\",\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\"}]");
        assertThat(a.take()).as("not back to the sender").isEmpty();
        a.emit("message", "7", "1.50");
        assertThat(b.take()).as("numbers stay as written").containsExactly("message[7, 1.50]");
        a.emit("leave", "7");
        assertThat(a.take()).containsExactly("leaved[7, " + q(a.id()) + "]");
        assertThat(b.take()).containsExactly("bye[7, " + q(a.id()) + "]");
        var c = new Client();
        c.emit("join", "7");
        assertThat(c.take()).as("the seat is free again").containsExactly("joined[7, " + q(c.id()) + "]");
    }

    @Test
    void seed000DisconnectFreesTheSeatAndTellsTheOthers() {
        var a = new Client();
        var b = new Client();
        a.emit("join", q("room-1"));
        b.emit("join", q("room-1"));
        a.take();
        b.disconnect();
        assertThat(a.take()).containsExactly("bye[\"room-1\", " + q(b.id()) + "]");
        var c = new Client();
        c.emit("join", q("room-1"));
        assertThat(c.take()).containsExactly("joined[\"room-1\", " + q(c.id()) + "]");
    }

    @Test
    void seed002ObjectsAllTheWay() {
        var a = new Client();
        var b = new Client();
        var c = new Client();
        a.emit("join", "{\"roomId\":\"abc\"}");
        assertThat(a.take()).containsExactly("joined[{\"roomId\":\"abc\",\"userNum\":1}]");
        b.emit("join", "{\"roomId\":\"abc\"}");
        assertThat(b.take()).containsExactly("joined[{\"roomId\":\"abc\",\"userNum\":2}]");
        assertThat(a.take()).containsExactly("otherjoined[{\"roomId\":\"abc\",\"userId\":" + q(b.id()) + "}]");
        c.emit("join", "{\"roomId\":\"abc\"}");
        assertThat(c.take()).containsExactly("full[{\"roomId\":\"abc\",\"userNum\":3}]");
        a.emit("message", "{\"roomId\":\"abc\",\"data\":{\"type\":\"offer\",\"value\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}}");
        assertThat(b.take()).as("the bare data").containsExactly("message[{\"type\":\"offer\",\"value\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}]");
        b.emit("leave", "{\"roomId\":\"abc\"}");
        assertThat(b.take()).containsExactly("leaved[{\"roomId\":\"abc\"}]");
        assertThat(a.take()).containsExactly("bye[{\"roomId\":\"abc\",\"userId\":" + q(b.id()) + "}]");
        c.emit("join", "{\"roomId\":\"abc\"}");
        assertThat(c.take()).containsExactly("joined[{\"roomId\":\"abc\",\"userNum\":2}]");
        assertThat(a.take()).containsExactly("otherjoined[{\"roomId\":\"abc\",\"userId\":" + q(c.id()) + "}]");
        c.disconnect();
        assertThat(a.take()).as("a bye on disconnect").containsExactly("bye[{\"roomId\":\"abc\",\"userId\":" + q(c.id()) + "}]");
    }

    @Test
    void seed001ChecksARoomLearnsWhoIsThereAndCallsThroughIt() {
        var a = new Client();
        var b = new Client();
        assertThat(a.greeting).containsExactly("connectionSuccess[" + q(a.id()) + "]");
        String userA = "{\"userName\":\"张三\",\"roomId\":\"12\",\"sockId\":" + q(a.id()) + "}";
        String userB = "{\"userName\":\"ls\",\"roomId\":\"12\",\"sockId\":" + q(b.id()) + "}";
        a.emit("checkRoom", userA);
        assertThat(a.take()).containsExactly("checkRoomSuccess[[]]", "joinRoomSuccess[[" + userA + "]]");
        b.emit("checkRoom", userB);
        assertThat(b.take()).containsExactly(
                "checkRoomSuccess[[{\"userName\":\"\",\"roomId\":\"12\",\"sockId\":" + q(a.id()) + "}]]",
                "joinRoomSuccess[[{\"userName\":\"\",\"roomId\":\"12\",\"sockId\":" + q(a.id()) + "}," + userB + "]]",
                "joinRoomSuccess[[" + userA + "," + userB + "]]");
        assertThat(a.take()).containsExactly("joinRoomSuccess[[" + userA + "," + userB + "]]");

        // B invites, A answers: answerVideo reaches both, each with the answerer's user.
        b.emit("toSendVideo", userB);
        assertThat(b.take()).containsExactly("receiveVideo[" + userB + "]");
        assertThat(a.take()).containsExactly("receiveVideo[" + userB + "]");
        a.emit("answerVideo", userA);
        assertThat(a.take()).containsExactly("answerVideo[" + userA + "]");
        assertThat(b.take()).containsExactly("answerVideo[" + userA + "]");
        b.emit("receiveOffer", "{\"user\":" + userB + ",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}");
        assertThat(a.take()).as("the bare offer").containsExactly("receiveOffer[{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}]");
        assertThat(b.take()).isEmpty();
        a.emit("receiveAnsewer", "{\"user\":" + userA + ",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}}");
        assertThat(b.take()).containsExactly("receiveAnsewer[{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}]");
        a.emit("addIceCandidate", "{\"user\":" + userA + ",\"candidate\":{\"candidate\":\"candidate:1\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}");
        assertThat(b.take()).containsExactly("addIceCandidate[{\"candidate\":\"candidate:1\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}]");

        var c = new Client();
        c.emit("checkRoom", "{\"userName\":\"ww\",\"roomId\":\"12\",\"sockId\":" + q(c.id()) + "}");
        assertThat(c.take()).as("its client reads a full room from two already there").singleElement().asString()
                .startsWith("checkRoomSuccess[[{").contains("},{");

        a.emit("userLeave", userA);
        assertThat(a.take()).containsExactly("userLeave[[" + userB + "]]");
        assertThat(b.take()).containsExactly("userLeave[[" + userB + "]]");
    }

    @Test
    void aPeerCannotMakeASeed001ClientFireEventsOfItsOwnChoosing() {
        var a = new Client();
        var b = new Client();
        a.emit("checkRoom", "{\"userName\":\"a\",\"roomId\":1,\"sockId\":" + q(a.id()) + "}");
        b.emit("checkRoom", "{\"userName\":\"b\",\"roomId\":1,\"sockId\":" + q(b.id()) + "}");
        a.take();
        b.take();
        // What a modified page could send through Parley's own protocol:
        b.send(null, new ClientMessage.SendMessage("1", Payload.parse("{\"seed001\":\"disconnect\",\"arg\":1}")));
        assertThat(a.take()).isEmpty();
        b.send(null, new ClientMessage.SendMessage("1", Payload.parse("{\"seed001\":\"hangupVideo\",\"arg\":{\"sockId\":\"x\"}}")));
        assertThat(a.take()).as("its own events pass").containsExactly("hangupVideo[{\"sockId\":\"x\"}]");
    }

    /** Parley's own client in process: the frames the hub sends it, and its requests. */
    private final class Native implements Outbox {
        final List<ServerFrame> frames = new ArrayList<>();
        Session session = hub.open(this, "test", null);

        Native() {
            session = hub.handle(session, new ClientFrame(null, new Hello(null, null, null, null, false)));
            frames.clear();
        }

        void send(ClientMessage m) {
            session = hub.handle(session, new ClientFrame(null, m));
        }

        List<String> take() {
            var out = frames.stream().map(f -> f.message().toString()).toList();
            frames.clear();
            return out;
        }

        @Override
        public void deliver(ServerFrame frame) {
            frames.add(frame);
        }

        @Override
        public void closeForPolicy(String reason) {}
    }

    @Test
    void aSeed000ClientAndParleysOwnTalkSdpAndIceInEachOthersShapes() {
        var seed = new Client();
        seed.emit("join", "42");
        seed.take();
        var app = new Native();
        app.send(new ClientMessage.Join("42"));
        assertThat(seed.take()).as("the app offers as the newcomer: the page is not told to").isEmpty();
        app.take();
        app.send(new ClientMessage.SendSignal("42", seed.id(), Payload.parse("{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}")));
        assertThat(seed.take()).containsExactly("message[42, {\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}]");
        seed.emit("message", "42", "{\"type\":\"answer\",\"sdp\":\"v=1\\r\\n\"}");
        seed.emit("message", "42", "{\"type\":\"candidate\",\"label\":1,\"id\":\"1\",\"candidate\":\"candidate:9 1 udp 1 127.0.0.1 9 typ host\"}");
        assertThat(app.frames).extracting(f -> ((ServerMessage.Signal) f.message()).data().json()).containsExactly(
                "{\"description\":{\"type\":\"answer\",\"sdp\":\"v=1\\r\\n\"}}",
                "{\"candidate\":{\"candidate\":\"candidate:9 1 udp 1 127.0.0.1 9 typ host\",\"sdpMid\":\"1\",\"sdpMLineIndex\":1}}");
        app.take();
        app.send(new ClientMessage.SendSignal("42", seed.id(), Payload.parse(
                "{\"candidate\":{\"candidate\":\"candidate:7 1 udp 1 127.0.0.1 7 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}")));
        app.send(new ClientMessage.SendSignal("42", seed.id(), Payload.parse("{\"t\":\"sdk-only\"}")));
        assertThat(seed.take()).as("what has no seed counterpart stays out").containsExactly(
                "message[42, {\"type\":\"candidate\",\"label\":0,\"id\":\"0\",\"candidate\":\"candidate:7 1 udp 1 127.0.0.1 7 typ host\"}]");
    }

    @Test
    void aSeed000NewcomerIsToldOfParleysClientSoItOffers() {
        var app = new Native();
        app.send(new ClientMessage.Join("43"));
        var seed = new Client();
        seed.emit("join", "43");
        assertThat(seed.take()).containsExactly("joined[43, " + q(seed.id()) + "]", "otherjoin[43, " + q(app.session.id()) + "]");
        seed.emit("message", "43", "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
        assertThat(app.frames).last().extracting(f -> ((ServerMessage.Signal) f.message()).data().json())
                .isEqualTo("{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}");
    }

    @Test
    void inALargerParleyRoomTheOtherSeedClientHearsTheSeedsMessageAndParleysOwnTheTranslation() {
        hub = hub(3);
        var a = new Client();
        var b = new Client();
        a.emit("join", "44");
        b.emit("join", "44");
        var app = new Native();
        app.send(new ClientMessage.Join("44"));
        a.take();
        b.take();
        app.frames.clear();
        a.emit("message", "44", "{\"type\":\"offer\",\"sdp\":\"v=0\"}");
        assertThat(b.take()).containsExactly("message[44, {\"type\":\"offer\",\"sdp\":\"v=0\"}]");
        assertThat(app.frames).extracting(f -> f.message().getClass().getSimpleName() + " " + switch (f.message()) {
            case ServerMessage.Signal sig -> sig.data().json();
            case ServerMessage.Message m -> m.data().json();
            default -> "";
        }).containsExactly("Signal {\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}", "Message {\"type\":\"offer\",\"sdp\":\"v=0\"}");
    }

    @Test
    void aSeed002ClientAndParleysOwnToo() {
        var seed = new Client();
        seed.emit("join", "{\"roomId\":\"r2\"}");
        var app = new Native();
        app.send(new ClientMessage.Join("r2"));
        assertThat(seed.take()).containsExactly("joined[{\"roomId\":\"r2\",\"userNum\":1}]",
                "otherjoined[{\"roomId\":\"r2\",\"userId\":" + q(app.session.id()) + "}]");
        app.take();
        seed.emit("message", "{\"roomId\":\"r2\",\"data\":{\"type\":\"offer\",\"value\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}}");
        seed.emit("message", "{\"roomId\":\"r2\",\"data\":{\"type\":\"candidate\",\"value\":{\"candidate\":\"candidate:1\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"u\"}}}");
        assertThat(app.frames).extracting(f -> ((ServerMessage.Signal) f.message()).data().json()).containsExactly(
                "{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}",
                "{\"candidate\":{\"candidate\":\"candidate:1\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"u\"}}");
        app.send(new ClientMessage.SendSignal("r2", seed.id(), Payload.parse("{\"description\":{\"type\":\"answer\",\"sdp\":\"v=1\"}}")));
        assertThat(seed.take()).containsExactly("message[{\"type\":\"answer\",\"value\":{\"type\":\"answer\",\"sdp\":\"v=1\"}}]");
    }

    @Test
    void seed002IgnoresAJoinWithoutARoomAsItsServerDid() {
        var a = new Client();
        a.emit("join", "{}");
        a.emit("join", "{\"roomId\":\"\"}");
        assertThat(a.take()).isEmpty();
    }

    @Test
    void aThirdAdmittedByALargerParleyRoomIsFullForTheSeedsAndGivesItsSeatBack() {
        hub = hub(4);
        var a = new Client();
        var b = new Client();
        var c = new Client();
        a.emit("join", "9");
        b.emit("join", "9");
        a.take();
        c.emit("join", "9");
        assertThat(c.take()).containsExactly("full[9, " + q(c.id()) + "]");
        assertThat(a.take()).as("in and out again, as the seed server did").containsExactly(
                "otherjoin[9, " + q(c.id()) + "]", "bye[9, " + q(c.id()) + "]");
        assertThat(hub.stats().rooms()).isEqualTo(1);
        c.emit("message", "9", "1");
        assertThat(c.take()).as("not in the room").singleElement().asString().startsWith("parley-error[");
    }

    @Test
    void badInputIsRefusedWithAnErrorEventAndReachesNobody() {
        var a = new Client();
        var b = new Client();
        a.emit("join", "5");
        b.emit("join", "5");
        a.take();
        b.take();
        a.emit("nonsense", "1");
        a.emit("join", "{\"roomId\":\"5\"}");
        a.emit("join", "[1]");
        a.emit("join", "1.5");
        a.emit("join", q("no spaces allowed"));
        a.emit("message", "5", "null");
        a.emit("message", "6", "1");
        assertThat(a.take()).hasSize(7).allMatch(e -> e.startsWith("parley-error["));
        assertThat(b.take()).isEmpty();
    }
}
