package dev.parley.protocol;

import java.util.stream.Collectors;

import dev.parley.protocol.ServerMessage.Accepted;
import dev.parley.protocol.ServerMessage.CallPeerAway;
import dev.parley.protocol.ServerMessage.CallPeerBack;
import dev.parley.protocol.ServerMessage.CallSignal;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Full;
import dev.parley.protocol.ServerMessage.HungUp;
import dev.parley.protocol.ServerMessage.Incoming;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Left;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerAway;
import dev.parley.protocol.ServerMessage.PeerBack;
import dev.parley.protocol.ServerMessage.PeerJoined;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.protocol.ServerMessage.Rejected;
import dev.parley.protocol.ServerMessage.Ringing;
import dev.parley.protocol.ServerMessage.Signal;
import dev.parley.protocol.ServerMessage.TimedOut;
import dev.parley.protocol.ServerMessage.Unavailable;
import dev.parley.protocol.ServerMessage.Welcome;

/** JSON text of server frames. The server encodes with it; clients decode with it. */
public final class ServerFrameCodec {
    private ServerFrameCodec() {}

    public static String encode(ServerFrame frame) {
        return new String(encodeUtf8(frame), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@link #encode} as the UTF-8 bytes a WebSocket text frame carries. */
    public static byte[] encodeUtf8(ServerFrame frame) {
        ServerMessage message = frame.message();
        JsonOut out = JsonOut.frame(message.type()).str("ref", frame.ref());
        return switch (message) {
            case Welcome m -> out.str("session", m.session()).peer("user", m.user()).num("protocol", m.protocol())
                    .limits("limits", m.limits()).iceServers("iceServers", m.iceServers())
                    .str("resumeToken", m.resumeToken()).bool("resumed", m.resumed()).strings("features", Welcome.FEATURES).endUtf8();
            case Joined m -> out.str("room", m.room()).peers("peers", m.peers()).endUtf8();
            case Full m -> out.str("room", m.room()).num("capacity", m.capacity()).endUtf8();
            case PeerJoined m -> out.str("room", m.room()).peer("peer", m.peer()).endUtf8();
            case Left m -> out.str("room", m.room()).endUtf8();
            case PeerLeft m -> out.str("room", m.room()).peer("peer", m.peer()).endUtf8();
            case PeerAway m -> out.str("room", m.room()).peer("peer", m.peer()).endUtf8();
            case PeerBack m -> out.str("room", m.room()).peer("peer", m.peer()).endUtf8();
            case CallPeerAway m -> out.str("call", m.call()).str("by", m.by()).endUtf8();
            case CallPeerBack m -> out.str("call", m.call()).str("by", m.by()).endUtf8();
            case Message m -> out.str("room", m.room()).str("from", m.from()).payload("data", m.data()).endUtf8();
            case Signal m -> out.str("room", m.room()).str("from", m.from()).payload("data", m.data()).endUtf8();
            case Presence m -> out.bool("full", m.full()).strings("online", m.online()).strings("offline", m.offline()).endUtf8();
            case Ringing m -> out.str("call", m.call()).str("to", m.to()).endUtf8();
            case Unavailable m -> out.str("to", m.to()).str("reason", m.reason().wire()).endUtf8();
            case Incoming m -> out.str("call", m.call()).str("from", m.from()).str("resume", m.resume()).endUtf8();
            case Accepted m -> out.str("call", m.call()).endUtf8();
            case Rejected m -> out.str("call", m.call()).str("reason", m.reason()).endUtf8();
            case HungUp m -> out.str("call", m.call()).str("by", m.by()).str("reason", m.reason().wire()).endUtf8();
            case TimedOut m -> out.str("call", m.call()).endUtf8();
            case CallSignal m -> out.str("call", m.call()).str("from", m.from()).payload("data", m.data()).endUtf8();
            case ErrorReply m -> out.str("code", m.code().wire()).str("request", m.request()).str("message", m.message()).endUtf8();
        };
    }

    /**
     * Reads one frame the server sent.
     *
     * @throws ProtocolException if it is not a frame this protocol version knows
     */
    public static ServerFrame decode(String text) {
        JsonFields f = JsonFields.parseObject(text);
        return new ServerFrame(f.optionalString("ref"), message(f));
    }

    private static ServerMessage message(JsonFields f) {
        String type = f.string("type");
        return switch (type) {
            case "welcome" -> new Welcome(f.string("session"), peer(f.object("user")), f.integer("protocol"),
                    limits(f.object("limits")), f.objects("iceServers").stream().map(ServerFrameCodec::iceServer).collect(Collectors.toList()),
                    f.optionalString("resumeToken"), f.bool("resumed", false));
            case "joined" -> new Joined(f.string("room"), f.objects("peers").stream().map(ServerFrameCodec::peer).collect(Collectors.toList()));
            case "full" -> new Full(f.string("room"), f.integer("capacity"));
            case "peer-joined" -> new PeerJoined(f.string("room"), peer(f.object("peer")));
            case "left" -> new Left(f.string("room"));
            case "peer-left" -> new PeerLeft(f.string("room"), peer(f.object("peer")));
            case "peer-away" -> f.has("call")
                    ? new CallPeerAway(f.string("call"), f.string("by"))
                    : new PeerAway(f.string("room"), peer(f.object("peer")));
            case "peer-back" -> f.has("call")
                    ? new CallPeerBack(f.string("call"), f.string("by"))
                    : new PeerBack(f.string("room"), peer(f.object("peer")));
            case "message" -> new Message(f.string("room"), f.string("from"), f.payload("data"));
            case "signal" -> f.has("call")
                    ? new CallSignal(f.string("call"), f.string("from"), f.payload("data"))
                    : new Signal(f.string("room"), f.string("from"), f.payload("data"));
            case "presence" -> new Presence(f.bool("full", false), f.strings("online"), f.strings("offline"));
            case "ringing" -> new Ringing(f.string("call"), f.string("to"));
            case "unavailable" -> new Unavailable(f.string("to"), known(UnavailableReason.fromWire(f.string("reason")), "reason"));
            case "incoming" -> new Incoming(f.string("call"), f.string("from"), f.optionalString("resume"));
            case "accepted" -> new Accepted(f.string("call"));
            case "rejected" -> new Rejected(f.string("call"), f.optionalString("reason"));
            case "hangup" -> new HungUp(f.string("call"), f.string("by"), known(HangupReason.fromWire(f.string("reason")), "reason"));
            case "timeout" -> new TimedOut(f.string("call"));
            case "error" -> new ErrorReply(known(ErrorCode.fromWire(f.string("code")), "code"), f.string("message"),
                    f.optionalString("request"));
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type '" + type + "'");
        };
    }

    private static Peer peer(JsonFields f) {
        return new Peer(f.string("id"), f.optionalString("name"));
    }

    private static Limits limits(JsonFields f) {
        return new Limits(f.integer("maxFrameBytes"), f.integer("roomCapacity"), f.integer("maxRoomsPerSession"),
                f.integer("callTimeoutSeconds"), f.has("resumeGraceSeconds") ? f.integer("resumeGraceSeconds") : 0);
    }

    private static IceServer iceServer(JsonFields f) {
        return new IceServer(f.strings("urls"), f.optionalString("username"), f.optionalString("credential"));
    }

    private static <T> T known(T value, String field) {
        if (value == null) throw new ProtocolException(ErrorCode.INVALID_FIELD, "unknown '" + field + "' value");
        return value;
    }
}
