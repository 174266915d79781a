package dev.parley.server.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ClientMessage.Join;
import dev.parley.protocol.ClientMessage.Leave;
import dev.parley.core.Session;
import dev.parley.protocol.ClientMessage.SendMessage;
import dev.parley.protocol.ClientMessage.SendSignal;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FieldRules;
import dev.parley.protocol.Payload;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Full;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Left;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerJoined;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Signal;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One socket.io client of seed 000 or 002 on Parley's rooms: {@code join}, {@code leave} and
 * {@code message} become Parley's {@code join}, {@code leave} and {@code message}, and what Parley
 * says back comes out in the seed's events (see docs/compat.md for the mapping).
 *
 * <p>Which seed a client follows shows in its first {@code join}: a room id (000) or an object with
 * {@code roomId} (002). A room id may be a number or a string; both name one Parley room (as object
 * keys did in socket.io 2), and each client hears its rooms spelled as it sent them.
 *
 * <p>Threading: {@link #event} runs on the client's executor; {@link #deliver} on whichever thread
 * Parley delivers from, often under its locks, so it only emits (which only enqueues) and hands
 * requests to {@link ParleySide#sendLater}. The maps are concurrent for that reason.
 */
final class SeedRooms {
    /** Both seeds' servers let two into a room: 000 counted {@code users < 3}, 002 {@code userNum <= 2}. */
    static final int SEED_CAPACITY = 2;
    private static final String JOIN = "join", LEAVE = "leave", MESSAGE = "message", SEED_FULL = "seed-full";

    private final String self;
    private final ParleySide parley;
    private final Emitter client;
    /** Set by the first join; read by deliveries on other threads. */
    private volatile RoomDialect dialect;
    /** Each room this client is in or joining, by Parley room name, spelled as it sent it (last spelling wins). */
    private final Map<String, Payload> spelled = new ConcurrentHashMap<>();
    /** The other members of each room it is in, by session id, as Parley has told it (each set guarded by itself). */
    private final Map<String, Set<String>> members = new ConcurrentHashMap<>();
    /** The room of the latest join: a join's answer comes before the next join is handled. */
    private volatile String lastJoin;
    /** Rooms it asked to leave whose {@code left} is still to come. */
    private final Set<String> leaving = ConcurrentHashMap.newKeySet();

    /** What a dialect sends its client. Must only enqueue: it is called under Parley's locks. */
    interface Emitter {
        void emit(String event, List<Payload> args);
    }

    SeedRooms(String self, ParleySide parley, Emitter client) {
        this.self = self;
        this.parley = parley;
        this.client = client;
    }

    /** An event from the client. */
    void event(String name, List<Payload> args) {
        try {
            switch (name) {
                case JOIN -> join(args);
                case LEAVE -> leave(args);
                case MESSAGE -> message(args);
                default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown event '" + shorten(name) + "'");
            }
        } catch (ProtocolException e) {
            parley.refuse(e.about(null, name));
        }
    }

    private void join(List<Payload> args) throws ProtocolException {
        RoomDialect shape = shapeOf(args);
        if (dialect == null) dialect = shape;
        else if (shape != dialect) throw new ProtocolException(ErrorCode.INVALID_FIELD, "a client speaks one seed's events; this join is " + shape);
        Payload spelling = roomArgument(args);
        if (spelling == null) { // seed 002 returns without a word for a missing roomId
            parley.spend();
            return;
        }
        String room = roomName(spelling);
        spelled.put(room, spelling);
        lastJoin = room;
        parley.send(JOIN, new Join(room));
    }

    private void leave(List<Payload> args) throws ProtocolException {
        if (dialect == null) dialect = shapeOf(args);
        Payload spelling = roomArgument(args);
        if (spelling == null) {
            parley.spend();
            return;
        }
        String room = roomName(spelling);
        if (members.containsKey(room)) {
            spelled.put(room, spelling); // the leaver hears its room as it named it now
            leaving.add(room);
            parley.send(LEAVE, new Leave(room));
        } else if (parley.spend()) { // both seeds answer a leave of any room
            emit(dialect.leaved(spelling, self));
        }
    }

    private void message(List<Payload> args) throws ProtocolException {
        RoomDialect shape = dialect != null ? dialect : shapeOf(args);
        Payload spelling;
        Payload data;
        if (shape == RoomDialect.SEED_000) {
            if (args.size() < 2) throw new ProtocolException(ErrorCode.MISSING_FIELD, "message(room, data) needs both");
            spelling = args.get(0);
            data = args.get(1);
        } else {
            JsonNode object = args.isEmpty() ? null : Json.tree(args.get(0));
            if (object == null || !object.isObject()) throw new ProtocolException(ErrorCode.INVALID_FIELD, "message({roomId, data}) takes an object");
            spelling = field(object, "roomId");
            data = field(object, "data");
            if (spelling == null || data == null) throw new ProtocolException(ErrorCode.MISSING_FIELD, "message needs roomId and data");
        }
        if (data.json().equals("null")) throw new ProtocolException(ErrorCode.INVALID_FIELD, "data may not be null");
        String room = roomName(spelling);
        String own = null;
        boolean seedPeers = false;
        Set<String> others = members.get(room);
        if (others != null) synchronized (others) {
            for (String id : others) {
                if (Session.isTranslated(id)) seedPeers = true;
                else if (own == null) own = id;
            }
        }
        Payload translated = own == null ? null : SeedPayloads.toParley(shape, data);
        // To Parley's own client what it can read, as it reads it; to seed clients (and when nothing
        // translates) the seed's own message, which Parley's clients ignore.
        if (translated != null) parley.send(MESSAGE, new SendSignal(room, own, translated));
        if (translated == null || seedPeers) parley.send(MESSAGE, new SendMessage(room, data));
    }

    /** What Parley sent this client's session, in the seed's words. */
    void deliver(ServerFrame frame) {
        RoomDialect d = dialect;
        if (d == null) d = RoomDialect.SEED_000;
        switch (frame.message()) {
            case Joined j -> joined(d, j);
            case Full f -> {
                emit(d.full(spelling(f.room()), self, f.capacity() + 1));
                forget(f.room());
            }
            case PeerJoined p -> {
                Set<String> others = members.get(p.room());
                if (others != null) synchronized (others) {
                    others.add(p.peer().id());
                }
                // Seed 000's client offers when told someone came; Parley's own client offers when it comes (the
                // newcomer does): told, both would offer at once.
                if (d == RoomDialect.SEED_002 || Session.isTranslated(p.peer().id())) emit(d.otherJoined(spelling(p.room()), p.peer().id()));
            }
            case PeerLeft p -> {
                Set<String> others = members.get(p.room());
                if (others != null) synchronized (others) {
                    others.remove(p.peer().id());
                }
                emit(d.bye(spelling(p.room()), p.peer().id()));
            }
            case Left l -> {
                members.remove(l.room());
                if (leaving.remove(l.room())) emit(d.leaved(spelling(l.room()), self));
                forget(l.room());
            }
            case Message m -> emit(d.message(spelling(m.room()), m.data()));
            case Signal s -> {
                // Parley's own client speaks in its SDK's shapes: what has a seed counterpart goes on in it.
                Payload data = Session.isTranslated(s.from()) ? s.data() : SeedPayloads.fromParley(d, s.data());
                if (data != null) emit(d.message(spelling(s.room()), data));
            }
            case ErrorReply e -> error(d, frame.ref(), e);
            default -> { } // welcome, presence, a peer away and back: nothing a seed client knows of
        }
    }

    private void joined(RoomDialect d, Joined j) {
        int count = j.peers().size() + 1;
        if (count > SEED_CAPACITY) {
            // The seeds' servers let a third in and out again at once; so does this, quietly.
            parley.sendLater(SEED_FULL, new Leave(j.room()));
            emit(d.full(spelling(j.room()), self, count));
            return;
        }
        Set<String> others = new java.util.HashSet<>();
        j.peers().forEach(p -> others.add(p.id()));
        members.put(j.room(), others);
        emit(d.joined(spelling(j.room()), self, count));
        // Parley's own client waits for the newcomer's offer; seed 000's newcomer waits to be offered to.
        // Told that the other came, it offers.
        j.peers().stream().filter(p -> !Session.isTranslated(p.id())).findFirst().filter(p -> d == RoomDialect.SEED_000)
                .ifPresent(p -> emit(d.otherJoined(spelling(j.room()), p.id())));
    }

    private void error(RoomDialect d, String ref, ErrorReply e) {
        if (e.code() == ErrorCode.ALREADY_IN_ROOM && JOIN.equals(ref)) {
            // socket.io's join is idempotent: the seeds answered joined again.
            String room = lastJoin;
            Set<String> others = room == null ? null : members.get(room);
            if (others != null) emit(d.joined(spelling(room), self, others.size() + 1));
            return;
        }
        if (SEED_FULL.equals(ref)) return;
        if (JOIN.equals(ref) && lastJoin != null) forget(lastJoin);
        client.emit("parley-error", List.of(Json.error(e)));
    }

    /** A room this client is not in keeps no spelling: what it holds is bounded by its rooms. */
    private void forget(String room) {
        if (!members.containsKey(room)) spelled.remove(room);
    }

    private void emit(RoomDialect.Event event) {
        client.emit(event.name(), event.args());
    }

    private Payload spelling(String room) {
        Payload p = spelled.get(room);
        return p != null ? p : Json.string(room);
    }

    private static RoomDialect shapeOf(List<Payload> args) {
        return !args.isEmpty() && args.get(0).json().startsWith("{") ? RoomDialect.SEED_002 : RoomDialect.SEED_000;
    }

    /** The room argument as sent, or null where seed 002 ignores the request (no roomId, or an empty one). */
    private static Payload roomArgument(List<Payload> args) throws ProtocolException {
        if (args.isEmpty()) throw new ProtocolException(ErrorCode.MISSING_FIELD, "which room?");
        Payload first = args.get(0);
        if (!first.json().startsWith("{")) return first;
        Payload id = field(Json.tree(first), "roomId");
        return id == null || id.json().equals("\"\"") || id.json().equals("0") || id.json().equals("false") ? null : id;
    }

    private static Payload field(JsonNode object, String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? null : new Payload(value.toString());
    }

    /**
     * The Parley room a seed's room id names: a string as it is, a number as JavaScript writes it
     * (socket.io 2 kept rooms as object keys), so {@code 123456} and {@code "123456"} meet.
     */
    static String roomName(Payload spelling) throws ProtocolException {
        JsonNode node = Json.tree(spelling);
        String name;
        if (node.isTextual()) {
            name = node.textValue();
        } else if (node.isNumber()) {
            BigDecimal n = node.decimalValue().stripTrailingZeros();
            if (n.scale() > 0 || n.precision() - n.scale() > 21) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "a numeric room id must be a whole number of at most 21 digits");
            }
            name = n.toBigIntegerExact().toString();
        } else {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "a room id is a string or a number");
        }
        return FieldRules.requireRoom(name);
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
