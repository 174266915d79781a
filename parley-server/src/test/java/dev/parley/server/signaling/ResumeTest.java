package dev.parley.server.signaling;

import dev.parley.core.ResumePolicy;
import dev.parley.core.SignalingConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.CloseStatus;
import dev.parley.client.ParleyClient;
import dev.parley.protocol.Payload;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage.Accepted;
import dev.parley.protocol.ServerMessage.CallPeerAway;
import dev.parley.protocol.ServerMessage.CallPeerBack;
import dev.parley.protocol.ServerMessage.CallSignal;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Incoming;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerAway;
import dev.parley.protocol.ServerMessage.PeerBack;
import dev.parley.protocol.ServerMessage.PeerJoined;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Ringing;
import dev.parley.protocol.ServerMessage.Welcome;
import dev.parley.server.Inbox;
import dev.parley.server.RawSocket;
import dev.parley.server.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A session outlives a lost connection for the grace period; hello with its token takes it back. */
class ResumeTest {
    private static final Duration LONG = Duration.ofSeconds(20);
    private static final byte[] KEY = "resume-test-key-0123456789abcdef".getBytes();

    private final List<TestServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(TestServer::close);
    }

    private TestServer start(Duration grace, int backlog) throws Exception {
        var d = SignalingConfig.defaults();
        TestServer server = TestServer.start(d.withResume(new ResumePolicy(grace, backlog, KEY)));
        servers.add(server);
        return server;
    }

    private static ParleyClient resume(TestServer server, String name, String token, Inbox inbox) {
        return server.builder().name(name).resume(token).listener(inbox).connect();
    }

    /** a and b, both in room "r"; a has heard b arrive. */
    private record Pair(ParleyClient a, Inbox aInbox, ParleyClient b, Inbox bInbox) {}

    private static Pair inRoom(TestServer server, String bName) {
        var aInbox = new Inbox();
        var bInbox = new Inbox();
        ParleyClient a = server.connect(null, aInbox);
        ParleyClient b = server.connect(bName, bInbox);
        a.join("r").join();
        b.join("r").join();
        aInbox.next(PeerJoined.class);
        return new Pair(a, aInbox, b, bInbox);
    }

    /** A raw client that acknowledges says hello and joins "r", where b (listening on bInbox) is; returns its resume token. */
    private static String joinAcking(RawSocket a, Inbox bInbox) {
        String token = a.send("{\"type\":\"hello\",\"id\":\"1\",\"acks\":true}").next(Welcome.class).resumeToken();
        a.send("{\"type\":\"join\",\"id\":\"2\",\"room\":\"r\"}").next(dev.parley.protocol.ServerMessage.Joined.class);
        bInbox.next(PeerJoined.class);
        return token;
    }

    private static Payload seq(int i) {
        return Payload.parse("{\"seq\":" + i + "}");
    }

    @Test
    void aRoomMemberThatLostItsConnectionResumesWithEverythingItMissed() throws Exception {
        TestServer server = start(LONG, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        var aInbox = new Inbox();
        var bInbox = new Inbox();
        ParleyClient a = server.connect(null, aInbox);
        ParleyClient b = server.connect(null, bInbox);
        a.join("r").join();
        b.join("r").join();
        aInbox.next(PeerJoined.class);
        String bId = b.sessionId();
        String token = b.welcome().resumeToken();
        assertThat(token).startsWith(bId + ".");
        assertThat(b.welcome().limits().resumeGraceSeconds()).isEqualTo(20);

        b.abort();
        assertThat(aInbox.next(PeerAway.class)).isEqualTo(new PeerAway("r", new Peer(bId, null)));
        for (int i = 0; i < 5; i++) a.message("r", seq(i)).join();
        a.signal("r", bId, seq(5)).join();
        assertThat(server.awaitStats(s -> s.awaySessions() == 1).rooms()).isEqualTo(1);

        var b2Inbox = new Inbox();
        // From the lost client: its count of what arrived, so nothing comes twice (the Java client acknowledges too).
        ParleyClient b2 = server.builder().resumeFrom(b).listener(b2Inbox).connect();
        assertThat(b2.welcome().resumed()).isTrue();
        assertThat(b2.sessionId()).isEqualTo(bId);
        assertThat(b2.welcome().resumeToken()).isEqualTo(token);
        for (int i = 0; i < 5; i++) assertThat(b2Inbox.next(Message.class).data()).isEqualTo(seq(i));
        assertThat(b2Inbox.next(dev.parley.protocol.ServerMessage.Signal.class).data()).isEqualTo(seq(5));
        assertThat(aInbox.next(PeerBack.class)).isEqualTo(new PeerBack("r", new Peer(bId, null)));

        b2.message("r", seq(6)).join();
        assertThat(aInbox.next(Message.class)).isEqualTo(new Message("r", bId, seq(6)));
        a.message("r", seq(7)).join();
        assertThat(b2Inbox.next(Message.class).data()).isEqualTo(seq(7));
        assertThat(server.server().hub().stats().awaySessions()).isZero();
        aInbox.expectNothing(Duration.ofMillis(200));

        String metrics = server.http().send(HttpRequest.newBuilder(server.httpUri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("parley_resumes_total{outcome=\"away\"} 1.0", "parley_resumes_total{outcome=\"resumed\"} 1.0",
                "parley_sessions_away 0.0");
    }

    @Test
    void aDirectCallSurvivesEitherPartyLosingItsConnection() throws Exception {
        TestServer server = start(LONG, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = server.connect("alice", aliceInbox);
        ParleyClient bob = server.connect("bob", bobInbox);
        String call = ((Ringing) alice.call("bob").join()).call();
        bobInbox.skipTo(Incoming.class);
        bob.accept(call).join();
        aliceInbox.skipTo(Accepted.class);

        bob.abort();
        assertThat(aliceInbox.next(CallPeerAway.class)).isEqualTo(new CallPeerAway(call, "bob"));
        alice.signalCall(call, seq(1)).join();

        var bob2Inbox = new Inbox();
        ParleyClient bob2 = resume(server, "bob", bob.welcome().resumeToken(), bob2Inbox);
        assertThat(bob2.welcome().resumed()).isTrue();
        assertThat(bob2Inbox.skipTo(CallSignal.class)).isEqualTo(new CallSignal(call, "alice", seq(1)));
        assertThat(aliceInbox.next(CallPeerBack.class)).isEqualTo(new CallPeerBack(call, "bob"));
        bob2.signalCall(call, seq(2)).join();
        assertThat(aliceInbox.next(CallSignal.class)).isEqualTo(new CallSignal(call, "bob", seq(2)));
        assertThat(server.server().hub().stats().calls()).isEqualTo(1);
        assertThat(bob2.hangup(call).join().call()).isEqualTo(call);
    }

    @Test
    void nobodyComingBackWithinTheGraceEndsTheSessionAndALateTokenOnlyRestoresTheId() throws Exception {
        TestServer server = start(Duration.ofMillis(300), ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        Pair pair = inRoom(server, "bob");
        ParleyClient a = pair.a();
        ParleyClient b = pair.b();
        Inbox aInbox = pair.aInbox();
        b.abort();
        aInbox.next(PeerAway.class);
        assertThat(aInbox.next(PeerLeft.class).peer().id()).isEqualTo(b.sessionId());
        server.awaitStats(s -> s.awaySessions() == 0 && s.namedSessions() == 0);

        ParleyClient late = resume(server, "bob", b.welcome().resumeToken(), new Inbox());
        assertThat(late.welcome().resumed()).isFalse();
        assertThat(late.sessionId()).isEqualTo(b.sessionId());
        late.join("r").join();
        assertThat(aInbox.next(PeerJoined.class).peer()).isEqualTo(new Peer(b.sessionId(), "bob"));
    }

    @Test
    void afterARestartWithTheSameKeyClientsGetTheirIdsBackButNotTheirState() throws Exception {
        TestServer first = start(LONG, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        ParleyClient a = first.connect("alice", new Inbox());
        a.join("r").join();
        String id = a.sessionId();
        String token = a.welcome().resumeToken();
        first.close();

        TestServer second = start(LONG, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        ParleyClient again = resume(second, "alice", token, new Inbox());
        assertThat(again.welcome().resumed()).isFalse();
        assertThat(again.sessionId()).isEqualTo(id);
        assertThat(second.server().hub().stats().rooms()).isZero();

        var other = SignalingConfig.defaults(); // another key: the token means nothing there
        TestServer third = TestServer.start(other.withResume(other.resume().withGrace(LONG)));
        servers.add(third);
        ParleyClient stranger = resume(third, "alice", token, new Inbox());
        assertThat(stranger.sessionId()).isNotEqualTo(id);
        assertThat(stranger.welcome().resumed()).isFalse();
    }

    @Test
    void aForgedOrForeignTokenNeverTakesASession() throws Exception {
        TestServer server = start(LONG, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        var aInbox = new Inbox();
        ParleyClient a = server.connect(null, aInbox);
        ParleyClient victim = server.connect(null, new Inbox());
        a.join("r").join();
        victim.join("r").join();
        aInbox.next(PeerJoined.class);
        victim.abort();
        aInbox.next(PeerAway.class);

        String token = victim.welcome().resumeToken();
        String id = victim.sessionId();
        String otherSignature = a.welcome().resumeToken().substring(a.sessionId().length());
        for (String forged : List.of(id + otherSignature, id + ".AAAAAAAAAAAAAAAAAAAAAA", id, id + ".", token + "x",
                token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"))) {
            ParleyClient thief = resume(server, null, forged, new Inbox());
            assertThat(thief.sessionId()).as(forged).isNotEqualTo(id);
            assertThat(thief.welcome().resumed()).isFalse();
        }
        assertThat(server.server().hub().stats().awaySessions()).isEqualTo(1);
        // Someone else's name does not go with the token either.
        ParleyClient named = resume(server, "mallory", token, new Inbox());
        assertThat(named.sessionId()).isNotEqualTo(id);
        assertThat(server.server().hub().stats().awaySessions()).isEqualTo(1);
        aInbox.expectNothing(Duration.ofMillis(100));
    }

    @Test
    void aNewConnectionTakesOverOneTheServerStillThinksIsAlive() throws Exception {
        TestServer server = start(LONG, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        var aInbox = new Inbox();
        ParleyClient a = server.connect(null, aInbox);
        var oldInbox = new Inbox();
        // Not acknowledging: the fresh connection below resumes without a count and gets only what comes.
        ParleyClient old = server.builder().acknowledge(false).listener(oldInbox).connect();
        a.join("r").join();
        old.join("r").join();
        aInbox.next(PeerJoined.class);

        try (RawSocket fresh = RawSocket.open(server.http(), server.wsUri())) {
            String hello = "{\"type\":\"hello\",\"id\":\"1\",\"resume\":\"" + old.welcome().resumeToken() + "\"}";
            ErrorReply busy = fresh.send(hello).next(ErrorReply.class);
            assertThat(busy.code()).isEqualTo(dev.parley.protocol.ErrorCode.SESSION_IN_USE);
            CloseStatus replaced = old.closed().get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(replaced.code()).isEqualTo(4001);
            server.awaitStats(s -> s.awaySessions() == 1);

            Welcome welcome = fresh.send(hello).next(Welcome.class);
            assertThat(welcome.resumed()).isTrue();
            assertThat(welcome.session()).isEqualTo(old.sessionId());
            assertThat(aInbox.next(PeerAway.class).peer().id()).isEqualTo(old.sessionId());
            assertThat(aInbox.next(PeerBack.class).peer().id()).isEqualTo(old.sessionId());
            a.message("r", seq(1)).join();
            assertThat(fresh.next(Message.class).data()).isEqualTo(seq(1));
        }
    }

    @Test
    void aClientThatAcknowledgesGetsAgainWhatADyingConnectionSwallowed() throws Exception {
        TestServer server = start(LONG, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        var bInbox = new Inbox();
        ParleyClient b = server.connect(null, bInbox);
        b.join("r").join();
        String token;
        try (RawSocket a = RawSocket.open(server.http(), server.wsUri())) {
            token = joinAcking(a, bInbox); // joined is frame 1
            for (int i = 1; i <= 5; i++) b.message("r", seq(i)).join(); // frames 2..6
            for (int i = 1; i <= 5; i++) assertThat(a.next(Message.class).data()).isEqualTo(seq(i));
            // It says it has frames 1..3 only: 4..6 were "in the socket" when it died.
            a.send("{\"type\":\"ack\",\"received\":3}");
            Thread.sleep(100);
        }
        bInbox.next(PeerAway.class);
        b.message("r", seq(6)).join(); // frame 7, while away

        try (RawSocket again = RawSocket.open(server.http(), server.wsUri())) {
            Welcome w = again.send("{\"type\":\"hello\",\"id\":\"1\",\"acks\":true,\"resume\":\"" + token + "\",\"received\":3}")
                    .next(Welcome.class);
            assertThat(w.resumed()).isTrue();
            for (int i = 3; i <= 6; i++) assertThat(again.next(Message.class).data()).as("frame %d", i + 1).isEqualTo(seq(i));
            assertThat(bInbox.next(PeerBack.class)).isNotNull();
        }
    }

    @Test
    void aJavaClientDroppedMidBurstResumesMissingNothingAndRepeatingNothing() throws Exception {
        TestServer server = start(LONG, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        Pair p = inRoom(server, null);
        int total = 150; // within the sender's burst allowance
        CompletableFuture<Void> burst = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= total; i++) p.a().message("r", seq(i)).join();
        });
        for (int i = 1; i <= 20; i++) assertThat(p.bInbox().next(Message.class).data()).isEqualTo(seq(i));
        p.b().abort(); // mid-burst: whatever is in the socket now is lost with it
        Thread.sleep(100);
        burst.join();
        int got = p.b().received() - 1; // its frames: joined, then the messages
        for (int i = 21; i <= got; i++) assertThat(p.bInbox().next(Message.class).data()).isEqualTo(seq(i));

        var b2Inbox = new Inbox();
        ParleyClient b2 = server.builder().resumeFrom(p.b()).listener(b2Inbox).connect();
        assertThat(b2.welcome().resumed()).isTrue();
        for (int i = got + 1; i <= total; i++) assertThat(b2Inbox.next(Message.class).data()).as("message %d of %d (%d arrived before)", i, total, got).isEqualTo(seq(i));
        b2Inbox.expectNothing(Duration.ofMillis(300));
        assertThat(b2.received()).isEqualTo(total + 1);
        // And it acknowledges: after an interval the server keeps nothing more for it.
        Thread.sleep(ParleyClient.ACK_INTERVAL.toMillis() + 500);
        assertThat(metrics(server)).containsPattern("parley_messages_in_total\\{type=\"ack\"\\} [1-9]");
    }

    @Test
    void aResumeNeedingFramesAlreadyAcknowledgedIsNotTrusted() throws Exception {
        TestServer server = start(LONG, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        var bInbox = new Inbox();
        ParleyClient b = server.connect(null, bInbox);
        b.join("r").join();
        String token;
        try (RawSocket a = RawSocket.open(server.http(), server.wsUri())) {
            token = joinAcking(a, bInbox);
            for (int i = 1; i <= 3; i++) b.message("r", seq(i)).join();
            for (int i = 1; i <= 3; i++) a.next(Message.class);
            a.send("{\"type\":\"ack\",\"received\":4}");
            Thread.sleep(100);
        }
        bInbox.next(PeerAway.class);
        try (RawSocket again = RawSocket.open(server.http(), server.wsUri())) {
            Welcome w = again.send("{\"type\":\"hello\",\"id\":\"1\",\"resume\":\"" + token + "\",\"received\":1}").next(Welcome.class);
            assertThat(w.resumed()).as("it acknowledged 4 frames, now claims 1: start afresh").isFalse();
        }
        assertThat(bInbox.next(PeerLeft.class)).isNotNull();
    }

    @Test
    void aGoodbyeEndsTheSessionAtOnce() throws Exception {
        TestServer server = start(LONG, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        Pair pair = inRoom(server, null);
        ParleyClient a = pair.a();
        ParleyClient b = pair.b();
        Inbox aInbox = pair.aInbox();
        b.close(); // a close frame: the user left
        assertThat(aInbox.next(PeerLeft.class).peer().id()).isEqualTo(b.sessionId());
        server.awaitStats(s -> s.awaySessions() == 0 && s.rooms() == 1);
        ParleyClient back = resume(server, null, b.welcome().resumeToken(), new Inbox());
        assertThat(back.welcome().resumed()).isFalse();
    }

    @Test
    void moreMissedMessagesThanTheBacklogHoldsEndTheSession() throws Exception {
        TestServer server = start(LONG, 4);
        Pair pair = inRoom(server, null);
        ParleyClient a = pair.a();
        ParleyClient b = pair.b();
        Inbox aInbox = pair.aInbox();
        b.abort();
        aInbox.next(PeerAway.class);
        for (int i = 0; i < 5; i++) a.message("r", seq(i)).join();
        assertThat(aInbox.next(PeerLeft.class).peer().id()).isEqualTo(b.sessionId());
        ParleyClient late = resume(server, null, b.welcome().resumeToken(), new Inbox());
        assertThat(late.welcome().resumed()).as("what it missed is lost: it must rejoin").isFalse();
    }

    @Test
    void aZeroGraceEndsSessionsWithTheirConnectionAndHandsOutNoTokens() throws Exception {
        TestServer server = start(Duration.ZERO, 1);
        var aInbox = new Inbox();
        ParleyClient a = server.connect(null, aInbox);
        ParleyClient b = server.connect(null, new Inbox());
        assertThat(b.welcome().resumeToken()).isNull();
        assertThat(b.welcome().limits().resumeGraceSeconds()).isZero();
        a.join("r").join();
        b.join("r").join();
        aInbox.next(PeerJoined.class);
        b.abort();
        assertThat(aInbox.next(PeerLeft.class).peer().id()).isEqualTo(b.sessionId());
    }

    @Test
    void aShutdownHoldsSessionsInsteadOfTellingPeersToHangUp() throws Exception {
        TestServer server = start(LONG, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        Pair pair = inRoom(server, null);
        ParleyClient a = pair.a();
        ParleyClient b = pair.b();
        Inbox aInbox = pair.aInbox();
        server.server().close();
        assertThat(a.closed().get(5, java.util.concurrent.TimeUnit.SECONDS).code()).isEqualTo(1012);
        // No peer-left: the browsers' call must not be torn down by a restart. A peer-away may come
        // first (b's connection can close before a's), which is true and leaves the call standing.
        assertThat(aInbox.collect(Duration.ofMillis(300))).allSatisfy(m -> assertThat(m).isInstanceOf(PeerAway.class));
        assertThat(server.awaitStats(s -> s.awaySessions() == 2).rooms()).isEqualTo(1);
    }

    private static String metrics(TestServer server) throws Exception {
        return server.http().send(HttpRequest.newBuilder(server.httpUri("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
