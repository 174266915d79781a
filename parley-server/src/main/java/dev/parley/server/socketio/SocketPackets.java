package dev.parley.server.socketio;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.parley.protocol.Payload;
import dev.parley.server.socketio.EnginePackets.BadPacket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Socket.IO packets, as carried in Engine.IO message packets:
 * {@code <type>[<namespace>,][<ack id>][<JSON>]}, the namespace only when it is not {@code "/"}
 * (socket.io-parser's string encoding; revisions 4 and 5 of the protocol differ only in what
 * CONNECT and CONNECT_ERROR carry). Event arguments are cut out of the packet's text verbatim, so
 * what the application relays is exactly what the client sent.
 */
final class SocketPackets {
    static final char CONNECT = '0';
    static final char DISCONNECT = '1';
    static final char EVENT = '2';
    static final char ACK = '3';
    static final char CONNECT_ERROR = '4';
    static final char BINARY_EVENT = '5';
    static final char BINARY_ACK = '6';
    /** Nesting deeper than this is refused, as Parley's own protocol does. */
    static final int MAX_NESTING_DEPTH = 32;
    /** socket.io-parser reads the id as a JavaScript number; more digits than this cannot be one exactly. */
    private static final int MAX_ACK_DIGITS = 15;
    /** Namespaces are echoed in refusals: printable ASCII only, so nothing in one can break the framing. */
    private static final java.util.regex.Pattern NAMESPACE = java.util.regex.Pattern.compile("/[\\x21-\\x7e]{0,127}");
    /** As strict as Parley's own protocol: an argument is relayed as a Payload, which never has a key twice. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SocketPackets() {}

    /**
     * One decoded packet header; {@code json} is the text after it (empty when there is none).
     * {@code namespace} is {@code "/"} for the main namespace, without any {@code ?query}.
     */
    record Packet(char type, String namespace, String json) {
        boolean mainNamespace() {
            return namespace.equals("/");
        }
    }

    record Event(String name, List<Payload> args) {}

    static Packet parse(String text) throws BadPacket {
        if (text.isEmpty()) throw new BadPacket("empty Socket.IO packet", false);
        char type = text.charAt(0);
        if (type == BINARY_EVENT || type == BINARY_ACK) throw new BadPacket("binary events are not supported", true);
        if (type < CONNECT || type > CONNECT_ERROR) throw new BadPacket("unknown Socket.IO packet type", false);
        int i = 1;
        String namespace = "/";
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? text.length() : comma;
            namespace = text.substring(i, end);
            int query = namespace.indexOf('?'); // socket.io 2.x clients append the namespace's query
            if (query >= 0) namespace = namespace.substring(0, query);
            if (namespace.isEmpty()) namespace = "/";
            if (!NAMESPACE.matcher(namespace).matches()) throw new BadPacket("not a namespace name", false);
            i = comma < 0 ? end : comma + 1;
        }
        int digits = i;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') digits++;
        if (digits - i > MAX_ACK_DIGITS) throw new BadPacket("acknowledgement id too long", false);
        return new Packet(type, namespace, text.substring(digits));
    }

    /** An EVENT's array: a string name, then its arguments each as its exact JSON text. */
    static Event event(String json) throws BadPacket {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) throw new BadPacket("an event's payload must be an array", false);
            if (p.nextToken() != JsonToken.VALUE_STRING) throw new BadPacket("an event's name must be a string", false);
            String name = p.getText();
            List<Payload> args = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) throw new BadPacket("unterminated array", false);
                args.add(new Payload(value(p, json)));
            }
            if (p.nextToken() != null) throw new BadPacket("text after the event's array", false);
            return new Event(name, args);
        } catch (JsonProcessingException e) {
            throw new BadPacket("not valid JSON: " + e.getOriginalMessage(), false);
        } catch (IOException e) {
            throw new BadPacket("unreadable JSON: " + e.getMessage(), false);
        }
    }

    /** A CONNECT's payload: a JSON object as its exact text, or null when there is none. */
    static Payload connectAuth(String json) throws BadPacket {
        if (json.isEmpty()) return null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadPacket("a CONNECT's payload must be an object", false);
            String text = value(p, json);
            if (p.nextToken() != null) throw new BadPacket("text after the CONNECT's object", false);
            return new Payload(text);
        } catch (JsonProcessingException e) {
            throw new BadPacket("not valid JSON: " + e.getOriginalMessage(), false);
        } catch (IOException e) {
            throw new BadPacket("unreadable JSON: " + e.getMessage(), false);
        }
    }

    /** The text of the value at the parser's current token, which it leaves at the value's last token. */
    private static String value(JsonParser p, String json) throws IOException {
        int start = (int) p.currentTokenLocation().getCharOffset();
        JsonToken t = p.currentToken();
        int end;
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
            end = (int) p.currentTokenLocation().getCharOffset() + 1; // the closing bracket is one char
        } else {
            p.finishToken(); // strings are read lazily: this moves past the closing quote
            end = (int) p.currentLocation().getCharOffset();
        }
        return json.substring(start, end);
    }

    /** The Engine.IO message that carries an EVENT on {@code "/"}. */
    static String eventMessage(String name, List<Payload> args) {
        int size = name.length() + 8;
        for (Payload a : args) size += a.json().length() + 1;
        var out = new StringBuilder(size).append(EnginePackets.MESSAGE).append(EVENT).append('[');
        quote(out, name);
        for (Payload a : args) out.append(',').append(a.json());
        return out.append(']').toString();
    }

    /** Engine.IO 4's answer to a CONNECT for {@code "/"}. */
    static String connectReply(String socketId) {
        var out = new StringBuilder().append(EnginePackets.MESSAGE).append(CONNECT).append("{\"sid\":");
        quote(out, socketId);
        return out.append('}').toString();
    }

    /** Socket.IO protocol 4 (Engine.IO 3): the server connects {@code "/"} by itself after the open packet. */
    static final String IMPLICIT_CONNECT = "" + EnginePackets.MESSAGE + CONNECT;
    static final String DISCONNECT_MESSAGE = "" + EnginePackets.MESSAGE + DISCONNECT;

    /**
     * A refused connection to {@code namespace}: protocol 4 (Engine.IO 3) carries the message as a
     * JSON string, protocol 5 as {@code {"message": ...}}.
     */
    static String connectError(int engineVersion, String namespace, String message) {
        var out = new StringBuilder().append(EnginePackets.MESSAGE).append(CONNECT_ERROR);
        if (!namespace.equals("/")) out.append(namespace).append(',');
        if (engineVersion == 3) {
            quote(out, message);
        } else {
            out.append("{\"message\":");
            quote(out, message);
            out.append('}');
        }
        return out.toString();
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, out);
        out.append('"');
    }
}
