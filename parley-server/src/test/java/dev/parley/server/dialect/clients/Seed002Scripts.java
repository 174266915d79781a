package dev.parley.server.dialect.clients;

import static dev.parley.server.dialect.clients.Action.connect;
import static dev.parley.server.dialect.clients.Action.disconnect;
import static dev.parley.server.dialect.clients.Action.drop;
import static dev.parley.server.dialect.clients.Action.emitJson;

/**
 * Seed 002's flows (shared/seeds/002_*.txt): one object argument, as its {@code SignalServer} class
 * sends them: {@code join {roomId}}, {@code message {roomId, data}} with data {@code {type, value}},
 * {@code leave {roomId}} (also on the page's beforeunload, just before the page goes). The room id comes
 * from a text input, so it is a string.
 */
public final class Seed002Scripts {

    public static final String OFFER = """
            {"type":"offer","value":{"type":"offer","sdp":"v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=mid:0\\r\\n"}}""";
    public static final String ANSWER = """
            {"type":"answer","value":{"type":"answer","sdp":"v=0\\r\\no=- 1029384756 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=mid:0\\r\\n"}}""";
    /** An RTCIceCandidate as JSON.stringify gives it (what socket.io sends for the page's candidate). */
    public static final String CANDIDATE = """
            {"type":"candidate","value":{"candidate":"candidate:842163049 1 udp 1677729535 127.0.0.1 54321 typ host generation 0 ufrag sXa8 network-cost 999","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"sXa8"}}""";

    private Seed002Scripts() {
    }

    private static String message(String roomId, String data) {
        return "{\"roomId\":\"" + roomId + "\",\"data\":" + data + "}";
    }

    /** The SignalServer flow, three clients of one kind ("sio4" is the page's own library; "java2" works too). */
    public static Transcript signalServer(String kind) {
        return Transcript.script("seed002-signalserver",
                        "Seed 002's SignalServer (io(url), join {roomId}, message {roomId, data}) on the seed's own"
                                + " server; A and B call, C is turned away")
                .turn("A connects (io(serverUrl), then socket.connect())", connect("A", kind))
                .turn("A joins room1", emitJson("A", "join", "{\"roomId\":\"room1\"}"))
                .turn("a join with an empty roomId is ignored", emitJson("A", "join", "{\"roomId\":\"\"}"))
                .turn("B connects", connect("B", kind))
                .turn("B joins room1: joined {userNum: 2} to B, otherjoined to A",
                        emitJson("B", "join", "{\"roomId\":\"room1\"}"))
                .turn("A sends its offer: B gets the bare data", emitJson("A", "message", message("room1", OFFER)))
                .turn("B answers", emitJson("B", "message", message("room1", ANSWER)))
                .turn("A sends a candidate", emitJson("A", "message", message("room1", CANDIDATE)))
                .turn("data of every JSON type arrives untouched",
                        emitJson("A", "message", message("room1", Seed000Scripts.EVERY_TYPE)))
                .turn("C connects", connect("C", kind))
                .turn("C joins: full {userNum: 3}", emitJson("C", "join", "{\"roomId\":\"room1\"}"))
                .turn("A leaves: bye {roomId, userId} to B, leaved {roomId} to A",
                        emitJson("A", "leave", "{\"roomId\":\"room1\"}"))
                .turn("A joins again: full, as the turned-away C is still counted in roomsInfo",
                        emitJson("A", "join", "{\"roomId\":\"room1\"}"))
                .turn("C disconnects: its disconnect handler sends bye for C to the room (B)", disconnect("C"))
                .turn("A joins again: A (counted since its refused join) and B make two: joined",
                        emitJson("A", "join", "{\"roomId\":\"room1\"}"))
                .turn("A disconnects without leave: the disconnect handler says bye to B once per join A made"
                                + " since its leave (userRoomInfo keeps refused joins too)", disconnect("A"))
                .turn("B leaves as on beforeunload (leave, then the page goes)",
                        emitJson("B", "leave", "{\"roomId\":\"room1\"}"), disconnect("B"))
                .build();
    }

    /** A string and a number room id of the same value, and a dropped connection (Node "sio4"). */
    public static Transcript roomTypes() {
        return Transcript.script("seed002-room-types",
                        "Seed 002's server with roomId \"123456\" (a string) and 123456 (a number)")
                .turn("A and B connect", connect("A", "sio4"), connect("B", "sio4"))
                .turn("A joins \"123456\"", emitJson("A", "join", "{\"roomId\":\"123456\"}"))
                .turn("B joins 123456: roomsInfo (an object) counts both, socket.io 4 rooms (a Map) do not meet",
                        emitJson("B", "join", "{\"roomId\":123456}"))
                .turn("A's message to \"123456\" does not reach B",
                        emitJson("A", "message", "{\"roomId\":\"123456\",\"data\":{\"type\":\"offer\"}}"))
                .turn("B's message to 123456 does not reach A",
                        emitJson("B", "message", "{\"roomId\":123456,\"data\":{\"type\":\"answer\"}}"))
                .turn("B is dropped (no goodbye): its bye goes to room 123456, where nobody is", drop("B"))
                .turn("A disconnects", disconnect("A"))
                .build();
    }
}
