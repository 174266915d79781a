package dev.parley.server.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ClientMessage.Join;
import dev.parley.protocol.ClientMessage.Leave;
import dev.parley.protocol.ClientMessage.SendMessage;
import dev.parley.protocol.ClientMessage.SendSignal;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Payload;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Full;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Left;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Signal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One socket.io client of seed 001 ("从0到1打造一个 WebRTC 应用") on Parley's rooms. The article shows
 * only its client; the server here does what that client needs (docs/compat.md, "Seed 001"):
 * {@code checkRoom} joins and answers {@code checkRoomSuccess} with who was there before, then
 * {@code joinRoomSuccess} with everyone goes to the whole room; the invitation events
 * ({@code toSendVideo} → {@code receiveVideo}, {@code answerVideo}, {@code hangupVideo}, ...) go
 * to everyone in the room, the sender too, carrying the sender's {@code user}; {@code receiveOffer},
 * {@code receiveAnsewer} (the seed's spelling) and {@code addIceCandidate} carry {@code {user, offer
 * | answer | candidate}} and reach the other member as the bare inner value; {@code userLeave}
 * leaves and the room hears who is left.
 *
 * <p>A 001 client names itself per room ({@code userName}), not per connection, so members learn
 * each other's {@code user} records from a small envelope relayed through the room
 * ({@code {"seed001": ...}}), never from the server's memory: it works the same on a cluster.
 *
 * <p>Threading as {@link SeedRooms}: {@link #event} on the client's executor, {@link #deliver} on
 * any thread (emits only); the roster is guarded by its own monitor.
 */
final class Seed001Rooms {
    /** Events a member sends to the whole room, itself included, and the event everyone receives. */
    private static final Map<String, String> ROOM_WIDE = Map.of(
            "toSendVideo", "receiveVideo", "receiveVideo", "receiveVideo", "cancelSendVideo", "cancelSendVideo",
            "rejectReceiveVideo", "rejectReceiveVideo", "answerVideo", "answerVideo", "hangupVideo", "hangupVideo");
    /** Events carrying {@code {user, <field>}} for the other member, who receives the field's value. */
    private static final Map<String, String> TO_THE_OTHER = Map.of(
            "receiveOffer", "offer", "receiveAnsewer", "answer", "addIceCandidate", "candidate");
    static final String ENVELOPE = "seed001";
    /** What may arrive in an envelope: the room-wide events, the ones for the other member, and the roster's. */
    private static final java.util.Set<String> RECEIVED = java.util.stream.Stream.concat(
            java.util.stream.Stream.concat(ROOM_WIDE.values().stream(), TO_THE_OTHER.keySet().stream()), java.util.stream.Stream.of("hello", "roster"))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final String self;
    private final ParleySide parley;
    private final SeedRooms.Emitter client;
    /** The room this client is in (seed 001's client is in at most one), or null. */
    private volatile String room;
    /** This client's own user record for that room, and the room id as it spelled it. */
    private volatile Payload me, roomId;
    /** Everyone in the room by session id, this client first, in the order they came; guarded by itself. */
    private final Map<String, Payload> roster = new LinkedHashMap<>();

    Seed001Rooms(String self, ParleySide parley, SeedRooms.Emitter client) {
        this.self = self;
        this.parley = parley;
        this.client = client;
    }

    static boolean handles(String event) {
        return event.equals("checkRoom") || event.equals("userLeave") || ROOM_WIDE.containsKey(event) || TO_THE_OTHER.containsKey(event);
    }

    /** Seed 001's client learns its id from the server's first event. */
    void connected() {
        client.emit("connectionSuccess", List.of(Json.string(self)));
    }

    void event(String name, List<Payload> args) {
        try {
            JsonNode arg = args.isEmpty() ? null : Json.tree(args.get(0));
            if (arg == null || !arg.isObject()) throw new ProtocolException(ErrorCode.INVALID_FIELD, name + " takes an object");
            switch (name) {
                case "checkRoom" -> checkRoom(arg);
                case "userLeave" -> userLeave();
                default -> relay(name, arg, args.get(0));
            }
        } catch (ProtocolException e) {
            parley.refuse(e.about(null, name));
        }
    }

    private void checkRoom(JsonNode user) throws ProtocolException {
        JsonNode roomId = user.get("roomId");
        if (roomId == null || roomId.isNull()) throw new ProtocolException(ErrorCode.MISSING_FIELD, "checkRoom needs roomId");
        Payload spelled = new Payload(roomId.toString());
        String name = SeedRooms.roomName(spelled);
        JsonNode userName = user.get("userName");
        me = Json.object("userName", userName == null || !userName.isTextual() ? "" : userName.textValue(), "roomId", spelled, "sockId", self);
        this.roomId = spelled;
        room = name;
        parley.send("checkRoom", new Join(name));
    }

    private void userLeave() {
        String r = room;
        if (r == null) {
            parley.spend();
            return;
        }
        parley.send("userLeave", new Leave(r));
    }

    private void relay(String name, JsonNode arg, Payload raw) throws ProtocolException {
        String r = room;
        if (r == null) throw new ProtocolException(ErrorCode.NOT_IN_ROOM, name + " before checkRoom");
        String wide = ROOM_WIDE.get(name);
        if (wide != null) {
            parley.send(name, new SendMessage(r, Json.object(ENVELOPE, wide, "arg", raw)));
            client.emit(wide, List.of(raw)); // the seed's server sent these to the whole room, the sender too
            return;
        }
        JsonNode inner = arg.get(TO_THE_OTHER.get(name));
        if (inner == null || inner.isNull()) throw new ProtocolException(ErrorCode.MISSING_FIELD, name + " needs " + TO_THE_OTHER.get(name));
        parley.send(name, new SendMessage(r, Json.object(ENVELOPE, name, "arg", new Payload(inner.toString()))));
    }

    void deliver(ServerFrame frame) {
        switch (frame.message()) {
            case Joined j -> joined(j);
            case Full f -> {
                room = null;
                List<Payload> there = new ArrayList<>();
                for (int i = 0; i < f.capacity(); i++) there.add(Json.object("userName", "", "roomId", roomId, "sockId", ""));
                client.emit("checkRoomSuccess", List.of(array(there))); // its client reads a full room from the count
            }
            case Message m -> envelope(m.from(), m.data());
            case Signal s -> envelope(s.from(), s.data());
            case PeerLeft p -> {
                synchronized (roster) {
                    roster.remove(p.peer().id());
                }
                client.emit("userLeave", List.of(rosterArray()));
            }
            case Left l -> {
                room = null;
                Payload others;
                synchronized (roster) {
                    roster.remove(self);
                    others = rosterArray();
                    roster.clear();
                }
                client.emit("userLeave", List.of(others));
            }
            case ErrorReply e -> client.emit("parley-error", List.of(Json.error(e)));
            default -> { }
        }
    }

    private void joined(Joined j) {
        List<Payload> before = new ArrayList<>();
        synchronized (roster) {
            roster.clear();
            for (Peer p : j.peers()) {
                Payload known = Json.object("userName", p.name() == null ? "" : p.name(), "roomId", roomId, "sockId", p.id());
                roster.put(p.id(), known);
                before.add(known);
            }
            roster.put(self, me);
        }
        client.emit("checkRoomSuccess", List.of(array(before)));
        parley.sendLater("hello", new SendMessage(j.room(), Json.object(ENVELOPE, "hello", "arg", me)));
        client.emit("joinRoomSuccess", List.of(rosterArray()));
    }

    /** What another member's 001 client said through the room. */
    private void envelope(String from, Payload data) {
        JsonNode d = Json.tree(data);
        JsonNode kind = d.isObject() ? d.get(ENVELOPE) : null;
        JsonNode arg = d.isObject() ? d.get("arg") : null;
        // Only the seed's own events: a peer must not make this client fire connect, disconnect, ...
        if (kind == null || !kind.isTextual() || arg == null || !RECEIVED.contains(kind.textValue())) return;
        Payload value = new Payload(arg.toString());
        switch (kind.textValue()) {
            case "hello", "roster" -> {
                synchronized (roster) {
                    roster.put(from, value);
                }
                if (kind.textValue().equals("hello")) parley.sendLater("roster", new SendSignal(room, from, Json.object(ENVELOPE, "roster", "arg", me)));
                client.emit("joinRoomSuccess", List.of(rosterArray()));
            }
            default -> client.emit(kind.textValue(), List.of(value));
        }
    }

    private Payload rosterArray() {
        synchronized (roster) {
            return array(new ArrayList<>(roster.values()));
        }
    }

    private static Payload array(List<Payload> items) {
        return new Payload("[" + String.join(",", items.stream().map(Payload::json).toList()) + "]");
    }
}
