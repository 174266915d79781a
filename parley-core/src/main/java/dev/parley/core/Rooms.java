package dev.parley.core;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Payload;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage.Full;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Left;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerAway;
import dev.parley.protocol.ServerMessage.PeerBack;
import dev.parley.protocol.ServerMessage.PeerJoined;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Signal;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms with a capacity, as in the seeds' socket.io servers, but relaying only between members.
 * A room exists while someone sits in it. Room names are compared exactly. This checks what a
 * session may do from its own view ({@link Session#rooms}); the seats are {@link RoomSeats}'.
 */
final class Rooms {
    private static final Logger log = LoggerFactory.getLogger(Rooms.class);

    private final RoomSeats seats;
    private final int capacity;
    private final int maxRoomsPerSession;

    Rooms(RoomSeats seats, int capacity, int maxRoomsPerSession) {
        this.seats = seats;
        this.capacity = capacity;
        this.maxRoomsPerSession = maxRoomsPerSession;
    }

    /**
     * Seats {@code s}; {@code signal} (may be null) then goes to the member there longest, as if
     * sent on {@code joined}: a step of its own after the join, so that member hears
     * {@code peer-joined} first. Nobody there, or gone meanwhile: it is dropped, as a newcomer's
     * offer to nobody should be.
     */
    void join(Session s, String name, Payload signal, String ref) {
        if (s.rooms.contains(name)) throw new ProtocolException(ErrorCode.ALREADY_IN_ROOM, "you are already in room '" + name + "'");
        if (s.rooms.size() >= maxRoomsPerSession) {
            throw new ProtocolException(ErrorCode.TOO_MANY_ROOMS, "a session may be in at most " + maxRoomsPerSession + " rooms");
        }
        var longest = new Peer[1];
        boolean seated = seats.join(s, name, capacity, new PeerJoined(name, s.peer()), members -> {
            s.reply(ref, new Joined(name, members));
            s.rooms.add(name);
            if (!members.isEmpty()) longest[0] = members.getFirst();
            log.info("room {}: {} joined ({}/{})", name, s, members.size() + 1, capacity);
        });
        if (!seated) {
            s.reply(ref, new Full(name, capacity));
            log.info("room {}: {} turned away, full at {}", name, s, capacity);
        } else if (signal != null && longest[0] != null) {
            try {
                seats.sendTo(s, name, longest[0].id(), new Signal(name, s.id(), signal));
            } catch (SharedStateUnavailable e) {
                // 'joined' has gone out: this request has its answer. Lost like any payload relayed while the cluster is away.
                log.warn("room {}: {}'s join payload not relayed: {}", name, s, e.getMessage());
            }
        }
    }

    void leave(Session s, String name, String ref) {
        requireMember(s, name);
        vacate(s, name, () -> s.reply(ref, new Left(name)));
    }

    /** A disconnect counts as leaving every room. */
    void leaveAll(Session s) {
        for (String name : List.copyOf(s.rooms)) vacate(s, name, () -> { });
    }

    void message(Session s, String name, Payload data) {
        requireMember(s, name);
        seats.sendToOthers(s, name, new Message(name, s.id(), data));
    }

    void signal(Session s, String name, String to, Payload data) {
        requireMember(s, name);
        if (to.equals(s.id()) || !seats.sendTo(s, name, to, new Signal(name, s.id(), data))) {
            throw new ProtocolException(ErrorCode.NO_SUCH_PEER, "no other member '" + to + "' in room '" + name + "'");
        }
    }

    /** Tells the members of the session's rooms that its connection dropped (it keeps its seats). */
    void away(Session s) {
        for (String name : List.copyOf(s.rooms)) seats.sendToOthers(s, name, new PeerAway(name, s.peer()));
    }

    /** Tells the members of the session's rooms that it resumed. */
    void back(Session s) {
        for (String name : List.copyOf(s.rooms)) seats.sendToOthers(s, name, new PeerBack(name, s.peer()));
    }

    /** Rooms that currently have someone in them. */
    int count() {
        return seats.count();
    }

    private void vacate(Session s, String name, Runnable left) {
        s.rooms.remove(name);
        seats.leave(s, name, new PeerLeft(name, s.peer()), left);
        log.info("room {}: {} left", name, s);
    }

    private static void requireMember(Session s, String name) {
        if (!s.rooms.contains(name)) throw new ProtocolException(ErrorCode.NOT_IN_ROOM, "you are not in room '" + name + "'");
    }
}
