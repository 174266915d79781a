package dev.parley.server.dialect;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The messages seed 003's page sends, built as its {@code JSON.stringify} calls build them (field
 * order included), and the ones it receives from the server.
 */
final class SeedPage {
    private SeedPage() {}

    static String q(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** The call button. */
    static String callStart(String from, String to) {
        return "{\"type\":\"call_start\",\"fromUser\":" + q(from) + ",\"toUser\":" + q(to) + "}";
    }

    /** The answer to confirm(): msg "1" accepted, "0" refused. */
    static String callBack(String from, String to, String msg) {
        return "{\"type\":\"call_back\",\"toUser\":" + q(to) + ",\"fromUser\":" + q(from) + ",\"msg\":" + q(msg) + "}";
    }

    /** {@code offer.toJSON()} or {@code answer.toJSON()} plus fromUser and toUser. */
    static String description(String type, String sdp, String from, String to) {
        return "{\"type\":" + q(type) + ",\"sdp\":" + q(sdp) + ",\"fromUser\":" + q(from) + ",\"toUser\":" + q(to) + "}";
    }

    /** {@code onicecandidate}: the candidate as RTCIceCandidate's toJSON has it. */
    static String ice(String from, String to, String candidate) {
        return "{\"type\":\"_ice\",\"toUser\":" + q(to) + ",\"fromUser\":" + q(from) + ",\"iceCandidate\":" + candidate + "}";
    }

    /** The hang-up button (when a remote stream was shown). */
    static String hangup(String from, String to) {
        return "{\"type\":\"hangup\",\"fromUser\":" + q(from) + ",\"toUser\":" + q(to) + "}";
    }

    /** A candidate as Chrome's toJSON writes it. */
    static String candidate(String line, String ufrag) {
        return "{\"candidate\":" + q(line) + ",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":" + q(ufrag) + "}";
    }

    // ---- what the page receives

    static String received(String type, String from, String msg) {
        return "{\"type\":" + q(type) + ",\"fromUser\":" + q(from) + ",\"msg\":" + q(msg) + "}";
    }

    static String receivedDescription(String type, String from, String sdp) {
        return "{\"type\":" + q(type) + ",\"fromUser\":" + q(from) + ",\"sdp\":" + q(sdp) + "}";
    }

    static String receivedIce(String from, String candidate) {
        return "{\"type\":\"_ice\",\"fromUser\":" + q(from) + ",\"iceCandidate\":" + candidate + "}";
    }

    static String system(String msg) {
        return received("call_back", Seed003Texts.SYSTEM, msg);
    }

    /** An SDP of about {@code chars} characters with CRLF line ends, like a browser's. */
    static String sdp(String sessionId, int chars) {
        var b = new StringBuilder("v=0\r\no=- " + sessionId + " 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n");
        for (int i = 0; b.length() < chars; i++) b.append("a=rtcp-fb:").append(96 + i % 30).append(" nack pli\r\n");
        return b.toString();
    }
}
