package dev.parley.server.dialect.clients;

import static dev.parley.server.dialect.clients.Action.connect;
import static dev.parley.server.dialect.clients.Action.disconnect;
import static dev.parley.server.dialect.clients.Action.drop;
import static dev.parley.server.dialect.clients.Action.emit;
import static dev.parley.server.dialect.clients.Action.emitJson;

/**
 * Seed 000's flows (shared/seeds/000_*.txt): positional arguments, {@code join(room)},
 * {@code message(room, data)}, {@code leave(room)}; the server answers {@code joined}, {@code otherjoin},
 * {@code full}, {@code message}, {@code bye}, {@code leaved}. The page ({@link #page}) joins room 123456
 * as a number ({@code socket.emit('join', 123456)}); the Android app ({@link #android}, socket.io-client-java
 * 1.0.0 in yangkun19921001/OpenRTCClient's SocketIOClientImpl, which the article abridges) joins with its
 * roomId String, emits {@code message(roomId, JSONObject)}, closes the socket right after emitting
 * {@code leave} and right after receiving {@code full}, and casts every event's first argument to String.
 */
public final class Seed000Scripts {

    public static final String OFFER = """
            {"type":"offer","sdp":"v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\na=group:BUNDLE 0\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\nc=IN IP4 0.0.0.0\\r\\na=mid:0\\r\\na=sendrecv\\r\\na=rtpmap:96 VP8/90000\\r\\n"}""";
    public static final String ANSWER = """
            {"type":"answer","sdp":"v=0\\r\\no=- 1029384756 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\na=group:BUNDLE 0\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\nc=IN IP4 0.0.0.0\\r\\na=mid:0\\r\\na=sendrecv\\r\\na=rtpmap:96 VP8/90000\\r\\n"}""";
    /** As both the page and the app build it: label = sdpMLineIndex (a number), id = sdpMid. */
    public static final String CANDIDATE = """
            {"type":"candidate","label":0,"id":"0","candidate":"candidate:842163049 1 udp 1677729535 127.0.0.1 54321 typ host generation 0 ufrag sXa8 network-cost 999"}""";
    /** Every JSON type, nesting, a 2^53-1 integer, a fraction, escapes and non-ASCII text. */
    public static final String EVERY_TYPE = """
            {"int":1,"negative":-7,"fraction":1.5,"big":9007199254740991,"yes":true,"no":false,"nil":null,"list":[1,"1",null,false,{"x":[]}],"text":"房间 \\"quoted\\" \\\\ ✓ \\u0000","empty":{},"nested":{"a":{"b":{"c":[[]]}}}}""";

    /**
     * The app emits leave and closes its socket at once. socket.io 2.5 (and 4) dispatches an event a tick
     * after decoding it and drops it if the socket disconnected meanwhile ("ignore packet received after
     * disconnection"), so when the leave and the DISCONNECT packet arrive in one read the leave is lost
     * and nobody is told: a race. The transcripts give the leave a turn of its own, the in-order outcome.
     */
    static final String LEAVE_THEN_CLOSE = "the app closes its socket right after; see Seed000Scripts.LEAVE_THEN_CLOSE";

    private Seed000Scripts() {
    }

    /** The page's flow, three clients of one kind ("sio2" is the page's own library). */
    public static Transcript page(String kind) {
        return Transcript.script("seed000-page",
                        "Seed 000's page (io.connect(), join 123456 as a number, message(room, data)) on the seed's"
                                + " own server; A and B call, C is turned away")
                .turn("A connects (io.connect())", connect("A", kind))
                .turn("A joins room 123456, a number, as the page does", emit("A", "join", 123456))
                .turn("B connects", connect("B", kind))
                .turn("B joins 123456: joined to B, otherjoin to A", emit("B", "join", 123456))
                .turn("A sends its offer to the room (sendMessage(roomid, offerdesc))",
                        emitJson("A", "message", "123456", OFFER))
                .turn("B answers", emitJson("B", "message", "123456", ANSWER))
                .turn("A sends an ICE candidate as the page builds it", emitJson("A", "message", "123456", CANDIDATE))
                .turn("data of every JSON type arrives untouched", emitJson("A", "message", "123456", EVERY_TYPE))
                .turn("a bare number, a bare string and null as data",
                        emit("A", "message", 123456, 42), emit("A", "message", 123456, "just text"),
                        emitJson("A", "message", "123456", "null"))
                .turn("C connects", connect("C", kind))
                .turn("C joins: full (USERCOUNT = 3 lets two in: users < 3)", emit("C", "join", 123456))
                .turn("C, turned away, still reaches the room: socket.to(room) needs no membership",
                        emitJson("C", "message", "123456", OFFER))
                .turn("A leaves: bye to B, leaved to A (the handler never calls socket.leave)",
                        emit("A", "leave", 123456))
                .turn("B's messages still reach A, who is still in the socket.io room",
                        emitJson("B", "message", "123456", CANDIDATE))
                .turn("C joins again: still full, A still holds its seat", emit("C", "join", 123456))
                .turn("A disconnects: seed 000 tells nobody", disconnect("A"))
                .turn("C joins: A's seat is free now", emit("C", "join", 123456))
                // One at a time: on Parley the one left is told (bye), and in one turn that could reach C
                // before C's own disconnect.
                .turn("C disconnects", disconnect("C"))
                .turn("B disconnects", disconnect("B"))
                .build();
    }

    /** Number and string room ids, a second join by the same socket, and a dropped connection (Node "sio2"). */
    public static Transcript roomTypes() {
        return Transcript.script("seed000-room-types",
                        "Seed 000's server with room 123456 as a number (the page) and as a string (the Android app)")
                .turn("A and B connect", connect("A", "sio2"), connect("B", "sio2"))
                .turn("A joins 123456 as a number", emit("A", "join", 123456))
                .turn("B joins \"123456\" as a string: one room (socket.io 2 keys rooms by string)",
                        emit("B", "join", "123456"))
                .turn("A's message carries A's number to B", emit("A", "message", 123456, "from A"))
                .turn("B's message carries B's string to A", emit("B", "message", "123456", "from B"))
                .turn("A joins again: joined again, and otherjoin (with A's own id) to B", emit("A", "join", 123456))
                .turn("B leaves with the number: the room in bye and leaved is what B sent", emit("B", "leave", 123456))
                .turn("A is dropped (no goodbye): seed 000 tells nobody", drop("A"))
                .turn("B disconnects", disconnect("B"))
                .build();
    }

    /** The Android app's flow: socket.io-client-java 1.0.0 ("java1"), roomId a String. */
    public static Transcript android(String kind) {
        return Transcript.script("seed000-android",
                        "Seed 000's Android app (socket.io-client-java 1.0.0, roomId a String) on the seed's own server")
                .turn("A connects (IO.socket(url, options).connect())", connect("A", kind))
                .turn("A joins \"123456\" once connected (OnConnected -> join(roomId))", emit("A", "join", "123456"))
                .turn("B connects", connect("B", kind))
                .turn("B joins: joined to B, otherjoin to A", emit("B", "join", "123456"))
                .turn("A, told of B, sends its offer (sendSignalMessage(roomId, JSONObject))",
                        emitJson("A", "message", "\"123456\"", OFFER))
                .turn("B answers", emitJson("B", "message", "\"123456\"", ANSWER))
                .turn("A sends a candidate (label sdpMLineIndex, id sdpMid, candidate sdp)",
                        emitJson("A", "message", "\"123456\"", CANDIDATE))
                .turn("C connects", connect("C", kind))
                .turn("C joins: full", emit("C", "join", "123456"))
                .turn("C's app disconnects and closes the socket on full", disconnect("C"))
                .turn("A leaves: bye to B, leaved to A (" + LEAVE_THEN_CLOSE + ")", emit("A", "leave", "123456"))
                .turn("A closes its socket: seed 000 tells nobody", disconnect("A"))
                .turn("B leaves", emit("B", "leave", "123456"))
                .turn("B closes its socket", disconnect("B"))
                .build();
    }

    /**
     * The Android app and the page in one room: the app ("java1") joins first with "123456", the page
     * ("sio2") second with 123456. Every event the page causes reaches the app with the page's number
     * as its first argument, which the app casts to String.
     */
    public static Transcript mixed() {
        return Transcript.script("seed000-mixed",
                        "Seed 000's Android app (A, roomId \"123456\") and page (B, roomId 123456) in one room")
                .turn("A (the app) connects", connect("A", "java1"))
                .turn("A joins \"123456\"", emit("A", "join", "123456"))
                .turn("B (the page) connects", connect("B", "sio2"))
                .turn("B joins 123456: A's otherjoin carries the number 123456", emit("B", "join", 123456))
                .turn("A offers", emitJson("A", "message", "\"123456\"", OFFER))
                .turn("B answers: A's message carries the number", emitJson("B", "message", "123456", ANSWER))
                .turn("B leaves: A's bye carries the number", emit("B", "leave", 123456))
                .turn("A leaves (" + LEAVE_THEN_CLOSE + ")", emit("A", "leave", "123456"))
                .turn("A closes its socket", disconnect("A"))
                .turn("B disconnects", disconnect("B"))
                .build();
    }
}
