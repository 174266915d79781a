package dev.parley.protocol;

import dev.parley.protocol.ClientMessage.Accept;
import dev.parley.protocol.ClientMessage.Ack;
import dev.parley.protocol.ClientMessage.Call;
import dev.parley.protocol.ClientMessage.Hangup;
import dev.parley.protocol.ClientMessage.Hello;
import dev.parley.protocol.ClientMessage.Join;
import dev.parley.protocol.ClientMessage.Leave;
import dev.parley.protocol.ClientMessage.Reject;
import dev.parley.protocol.ClientMessage.SendCallSignal;
import dev.parley.protocol.ClientMessage.SendMessage;
import dev.parley.protocol.ClientMessage.SendSignal;
import java.util.Set;

/** JSON text of client frames. The server decodes with it; clients encode with it. */
public final class ClientFrameCodec {
    private static final Set<String> TYPES =
            Set.of("hello", "ack", "join", "leave", "message", "signal", "call", "accept", "reject", "hangup");

    private ClientFrameCodec() {}

    /**
     * Reads and validates one frame.
     *
     * @throws ProtocolException naming the error and, where they could be read, the request's id and type
     */
    public static ClientFrame decode(String text) {
        return decode(JsonFields.parseObject(text));
    }

    /**
     * {@link #decode(String)} from the frame's UTF-8 bytes as received (what a server has in hand);
     * the caller has checked they are valid UTF-8, as WebSocket requires of text frames.
     */
    public static ClientFrame decode(byte[] utf8, int offset, int length) {
        return decode(JsonFields.parseObject(utf8, offset, length));
    }

    private static ClientFrame decode(JsonFields f) {
        String id = null;
        String type = null;
        try {
            String rawType = f.optionalString("type");
            type = rawType != null && TYPES.contains(rawType) ? rawType : null;
            id = f.optionalString("id");
            if (id != null) FieldRules.requireId(id, "id");
            if (rawType == null) throw new ProtocolException(ErrorCode.MISSING_FIELD, "'type' is required");
            if (type == null) throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type " + shorten(rawType));
            return new ClientFrame(id, message(type, f));
        } catch (ProtocolException e) {
            throw e.about(validIdOrNull(id), type);
        }
    }

    private static ClientMessage message(String type, JsonFields f) {
        return switch (type) {
            case "hello" -> new Hello(f.optionalString("name"), f.optionalString("token"), f.optionalString("resume"),
                    f.has("received") ? f.integer("received") : null, f.bool("acks", false));
            case "ack" -> new Ack(f.integer("received"));
            case "join" -> new Join(f.string("room"), f.has("signal") ? f.payload("signal") : null);
            case "leave" -> new Leave(f.string("room"));
            case "message" -> new SendMessage(f.string("room"), f.payload("data"));
            case "signal" -> signal(f);
            case "call" -> new Call(f.string("to"), f.optionalString("resume"));
            case "accept" -> new Accept(f.string("call"));
            case "reject" -> new Reject(f.string("call"), f.optionalString("reason"));
            case "hangup" -> new Hangup(f.string("call"));
            default -> throw new IllegalStateException(type); // TYPES and this switch list the same names
        };
    }

    /** {@code signal} addresses either a room member ({@code room} + {@code to}) or a call ({@code call}). */
    private static ClientMessage signal(JsonFields f) {
        boolean call = f.has("call");
        if (call == (f.has("room") || f.has("to"))) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "'signal' takes either 'room' and 'to' (a room member) or 'call' (a direct call)");
        }
        return call
                ? new SendCallSignal(f.string("call"), f.payload("data"))
                : new SendSignal(f.string("room"), f.string("to"), f.payload("data"));
    }

    public static String encode(ClientFrame frame) {
        JsonOut out = JsonOut.frame(frame.message().type()).str("id", frame.id());
        return switch (frame.message()) {
            case Hello m -> {
                out.str("name", m.name()).str("token", m.token()).str("resume", m.resume());
                if (m.received() != null) out.num("received", m.received());
                if (m.acks()) out.bool("acks", true);
                yield out.end();
            }
            case Ack m -> out.num("received", m.received()).end();
            case Join m -> {
                out.str("room", m.room());
                if (m.signal() != null) out.payload("signal", m.signal());
                yield out.end();
            }
            case Leave m -> out.str("room", m.room()).end();
            case SendMessage m -> out.str("room", m.room()).payload("data", m.data()).end();
            case SendSignal m -> out.str("room", m.room()).str("to", m.to()).payload("data", m.data()).end();
            case Call m -> out.str("to", m.to()).str("resume", m.resume()).end();
            case Accept m -> out.str("call", m.call()).end();
            case Reject m -> out.str("call", m.call()).str("reason", m.reason()).end();
            case Hangup m -> out.str("call", m.call()).end();
            case SendCallSignal m -> out.str("call", m.call()).payload("data", m.data()).end();
        };
    }

    private static String validIdOrNull(String id) {
        try {
            return id == null ? null : FieldRules.requireId(id, "id");
        } catch (ProtocolException e) {
            return null;
        }
    }

    private static String shorten(String s) {
        return "'" + (s.length() > 32 ? s.substring(0, 32) + "…" : s) + "'";
    }
}
