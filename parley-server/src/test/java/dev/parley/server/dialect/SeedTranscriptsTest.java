package dev.parley.server.dialect;

import dev.parley.server.TestServer;
import dev.parley.server.dialect.clients.Transcript;
import dev.parley.server.dialect.clients.TranscriptRun;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seeds' socket.io clients, the real libraries (socket.io-client 2.5.0 and 4.8.4 from npm,
 * socket.io-client-java 2.1.2), replaying against Parley what they did against the seeds' own servers
 * (the transcripts {@code Seed000ReferenceTest} and {@code Seed002ReferenceTest} recorded there).
 * Every turn must come out the same, but where Parley differs on purpose: those turns say what
 * Parley sends instead, and docs/compat.md says why. The ids in events are Parley's session ids
 * ({@link ParleyIdClient}).
 */
public class SeedTranscriptsTest {
    private static TestServer server;
    private static URI url;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        url = URI.create("http://127.0.0.1:" + server.server().httpPort());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void replay(Transcript t) {
        TranscriptRun.replay(t, url, ParleyIdClient.FACTORY);
    }

    private static String event(String name, String args) {
        return "{\"event\":\"" + name + "\",\"args\":" + args + "}";
    }

    private static String error(String code, String message, String request) {
        return event("parley-error", "[{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"request\":\"" + request + "\"}]");
    }

    private static final String NOT_IN_ROOM = error("not-in-room", "you are not in room '123456'", "message");

    @Test
    void seed000Page() {
        replay(Transcript.load("seed000-page")
                // Parley relays JSON values but null (protocol.md: data); the sender is told.
                .expecting("a bare number, a bare string and null", "A", error("invalid-field", "data may not be null", "message"))
                .expecting("a bare number, a bare string and null", "B", event("message", "[123456,42]"), event("message", "[123456,\"just text\"]"))
                // Parley relays only within a room the sender is in.
                .expecting("C, turned away, still reaches the room", "A")
                .expecting("C, turned away, still reaches the room", "B")
                .expecting("C, turned away, still reaches the room", "C", NOT_IN_ROOM)
                // leave leaves: A is not in the room any more, and its seat is free at once.
                .expecting("B's messages still reach A", "A")
                .expecting("C joins again", "B", event("otherjoin", "[123456,\"{C}\"]"))
                .expecting("C joins again", "C", event("joined", "[123456,\"{C}\"]"))
                // C is in already: joined again, and nobody is told twice.
                .expecting("C joins: A's seat is free now", "B")
                // A connection that ends is a peer leaving: the one left in the room is told.
                .expecting("C disconnects", "B", event("bye", "[123456,\"{C}\"]")));
    }

    @Test
    void seed000PageAndAppSpellingTheRoomTheirOwnWay() {
        Transcript types = Transcript.load("seed000-room-types");
        replay(types
                // Each client hears the room spelled as it joined it (the Android app casts it to a String).
                .expecting("B joins \"123456\" as a string", "A", respelled(types, "B joins \"123456\" as a string", "A", "123456"))
                .expecting("A's message carries A's number to B", "B", event("message", "[\"123456\",\"from A\"]"))
                .expecting("B's message carries B's string to A", "A", event("message", "[123456,\"from B\"]"))
                .expecting("A joins again", "B"));
    }

    /**
     * The Android app (A, room "123456") and the page (B, room 123456): on the seed's server the app
     * got the page's number and its listener's cast to String threw; on Parley it hears its own string.
     * Here the app's flow runs on socket.io-client 2.5.0; parley-compat-tests runs it on the app's own
     * socket.io-client-java 1.0.0.
     */
    @Test
    void seed000AndroidAppAndPageInOneRoom() {
        Transcript mixed = Transcript.load("seed000-mixed");
        replay(mixed.withKind("java1", "sio2")
                .expecting("B joins 123456", "A", respelled(mixed, "B joins 123456", "A", "\"123456\""))
                .expecting("A offers", "B", respelled(mixed, "A offers", "B", "123456"))
                .expecting("B answers", "A", respelled(mixed, "B answers", "A", "\"123456\""))
                .expecting("B leaves", "A", respelled(mixed, "B leaves", "A", "\"123456\""))
                // B left in the turn before: on Parley it is not in the room to hear A go.
                .expecting("A leaves", "B"));
    }

    /** What {@code client} got in the turn on the seed's server, with the room spelled as {@code room} (JSON) instead. */
    public static String respelled(Transcript t, String note, String client, String room) {
        Transcript.Turn turn = t.turns().stream().filter(x -> x.note().startsWith(note)).findFirst().orElseThrow();
        var delivery = turn.then().get(client).get(0).toJson();
        ((com.fasterxml.jackson.databind.node.ArrayNode) delivery.get("args")).set(0, Transcript.parse(room));
        return delivery.toString();
    }

    @Test
    void seed002SignalServer() {
        replay(Transcript.load("seed002-signalserver")
                // A refused join holds no seat on Parley.
                .expecting("A joins again: full", "A", event("joined", "[{\"roomId\":\"room1\",\"userNum\":2}]"))
                .expecting("A joins again: full", "B", event("otherjoined", "[{\"roomId\":\"room1\",\"userId\":\"{A}\"}]"))
                // C was never in: nobody hears a bye for it.
                .expecting("C disconnects", "B")
                // A is in already: joined again, once.
                .expecting("A joins again: A (counted", "B")
                .expecting("A disconnects without leave", "B", event("bye", "[{\"roomId\":\"room1\",\"userId\":\"{A}\"}]")));
    }

    /** The same with seed 002's flow on the Java client (socket.io-client-java 2.1.2, Engine.IO 4). */
    @Test
    void seed002SignalServerOnTheJavaClient() {
        replay(Transcript.load("seed002-signalserver").withKind("sio4", "java2").until("data of every JSON type"));
    }

    @Test
    void seed002RoomIdsOfOneValueMeet() {
        replay(Transcript.load("seed002-room-types")
                .expecting("B joins 123456", "A", event("otherjoined", "[{\"roomId\":\"123456\",\"userId\":\"{B}\"}]"))
                .expecting("A's message to \"123456\"", "B", event("message", "[{\"type\":\"offer\"}]"))
                .expecting("B's message to 123456", "A", event("message", "[{\"type\":\"answer\"}]"))
                .expecting("B is dropped", "A", event("bye", "[{\"roomId\":\"123456\",\"userId\":\"{B}\"}]")));
    }
}
