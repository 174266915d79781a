package dev.parley.server.socketio;

import java.util.ArrayList;
import java.util.List;

/**
 * Engine.IO packets as text ({@code <type>[<data>]}, type {@code 0}-{@code 6}) and the polling
 * payloads that carry several of them: revision 4 separates packets with the record separator
 * {@code \x1e}; revision 3 prefixes each with its length in UTF-16 code units and a colon
 * ({@code 6:4hello2:4€}), which is what a Java String's length counts. Binary packets (revision 4's
 * {@code b<base64>}, revision 3's {@code b4<base64>} or XHR2 binary payloads) are refused.
 */
final class EnginePackets {
    static final char OPEN = '0';
    static final char CLOSE = '1';
    static final char PING = '2';
    static final char PONG = '3';
    static final char MESSAGE = '4';
    static final char UPGRADE = '5';
    static final char NOOP = '6';
    static final char SEPARATOR = '\u001e';
    /** The longest length prefix a revision 3 payload under any sane body limit needs. */
    private static final int MAX_LENGTH_DIGITS = 9;

    private EnginePackets() {}

    /** A payload or packet that cannot be decoded; the session ends as Engine.IO's does on a parse error. */
    static final class BadPacket extends Exception {
        private static final long serialVersionUID = 1L;
        /** Whether it was refused for carrying binary data rather than for being malformed. */
        final boolean binary;

        BadPacket(String message, boolean binary) {
            super(message, null, false, false);
            this.binary = binary;
        }
    }

    /** Splits a polling request body into its packets, each checked by {@link #check}. */
    static List<String> decodePayload(int version, String body) throws BadPacket {
        List<String> packets = version == 3 ? splitCounted(body) : splitSeparated(body);
        for (String p : packets) check(p);
        return packets;
    }

    private static List<String> splitSeparated(String body) {
        List<String> packets = new ArrayList<>();
        int start = 0;
        for (int i = body.indexOf(SEPARATOR); i >= 0; i = body.indexOf(SEPARATOR, start)) {
            packets.add(body.substring(start, i));
            start = i + 1;
        }
        packets.add(body.substring(start));
        return packets;
    }

    private static List<String> splitCounted(String body) throws BadPacket {
        if (body.isEmpty()) throw new BadPacket("empty payload", false);
        List<String> packets = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            int colon = body.indexOf(':', i);
            if (colon <= i || colon - i > MAX_LENGTH_DIGITS) throw new BadPacket("payload without a packet length", false);
            int n = 0;
            for (int k = i; k < colon; k++) {
                char c = body.charAt(k);
                if (c < '0' || c > '9') throw new BadPacket("payload length is not a number", false);
                n = n * 10 + (c - '0');
            }
            int end = colon + 1 + n;
            if (end > body.length()) throw new BadPacket("payload shorter than its packet length says", false);
            if (n > 0) packets.add(body.substring(colon + 1, end)); // Engine.IO skips empty packets
            i = end;
        }
        return packets;
    }

    /** Refuses what is not a text packet of a known type. */
    static void check(String packet) throws BadPacket {
        if (packet.isEmpty()) throw new BadPacket("empty packet", false);
        char type = packet.charAt(0);
        if (type == 'b') throw new BadPacket("binary data is not supported", true);
        if (type < OPEN || type > NOOP) throw new BadPacket("unknown packet type " + printable(type), false);
    }

    /**
     * The handshake's open packet: the session id (base64url, nothing to escape), the upgrades a
     * polling session may make, the heartbeat, and for revision 4 the largest payload a client may send.
     */
    static String open(int version, String sid, boolean polling, SocketIoSettings s) {
        var json = new StringBuilder().append(OPEN).append("{\"sid\":\"").append(sid).append("\",\"upgrades\":")
                .append(polling ? "[\"websocket\"]" : "[]")
                .append(",\"pingInterval\":").append(s.pingInterval().toMillis())
                .append(",\"pingTimeout\":").append(s.pingTimeout().toMillis());
        if (version == 4) json.append(",\"maxPayload\":").append(s.maxPayloadBytes());
        return json.append('}').toString();
    }

    /** A GET response body carrying these packets. */
    static String encodePayload(int version, List<String> packets) {
        int size = 0;
        for (String p : packets) size += p.length() + (version == 3 ? 8 : 1);
        var out = new StringBuilder(size);
        for (String p : packets) {
            if (version == 3) out.append(p.length()).append(':').append(p);
            else {
                if (!out.isEmpty()) out.append(SEPARATOR);
                out.append(p);
            }
        }
        return out.toString();
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
