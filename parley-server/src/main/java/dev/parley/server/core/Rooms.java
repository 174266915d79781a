package dev.parley.server.core;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Payload;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage.Full;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Left;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerJoined;
import dev.parley.protocol.ServerMessage.PeerAway;
import dev.parley.protocol.ServerMessage.PeerBack;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Signal;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms with a capacity, as in the seeds' socket.io servers, but relaying only between members.
 * A room exists while someone sits in it. Room names are compared exactly.
 */
final class Rooms {
    private static final Logger log = LoggerFactory.getLogger(Rooms.class);

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final int capacity;
    private final int maxRoomsPerSession;

    Rooms(int capacity, int maxRoomsPerSession) {
        this.capacity = capacity;
        this.maxRoomsPerSession = maxRoomsPerSession;
    }

    void join(Session s, String name, String ref) {
        if (s.rooms.containsKey(name)) throw new ProtocolException(ErrorCode.ALREADY_IN_ROOM, "you are already in room '" + name + "'");
        if (s.rooms.size() >= maxRoomsPerSession) {
            throw new ProtocolException(ErrorCode.TOO_MANY_ROOMS, "a session may be in at most " + maxRoomsPerSession + " rooms");
        }
        while (true) {
            Room room = rooms.computeIfAbsent(name, Room::new);
            synchronized (room) {
                if (room.removed()) continue; // emptied and dropped after we found it: take a fresh one
                if (room.size() >= capacity) {
                    s.reply(ref, new Full(name, capacity));
                    log.info("room {}: {} turned away, full at {}", name, s, capacity);
                    return;
                }
                s.reply(ref, new Joined(name, room.peers()));
                room.sendToOthers(s, new PeerJoined(name, s.peer()));
                room.add(s);
                s.rooms.put(name, room);
                log.info("room {}: {} joined ({}/{})", name, s, room.size(), capacity);
                return;
            }
        }
    }

    void leave(Session s, String name, String ref) {
        vacate(s, roomOf(s, name), ref, true);
    }

    /** A disconnect counts as leaving every room. */
    void leaveAll(Session s) {
        for (Room room : List.copyOf(s.rooms.values())) vacate(s, room, null, false);
    }

    void message(Session s, String name, Payload data) {
        Room room = roomOf(s, name);
        synchronized (room) {
            room.sendToOthers(s, new Message(name, s.id(), data));
        }
    }

    void signal(Session s, String name, String to, Payload data) {
        Room room = roomOf(s, name);
        synchronized (room) {
            Session target = room.member(to);
            if (target == null || target == s) {
                throw new ProtocolException(ErrorCode.NO_SUCH_PEER, "no other member '" + to + "' in room '" + name + "'");
            }
            target.send(new Signal(name, s.id(), data));
        }
    }

    /** Tells the members of the session's rooms that its connection dropped (it keeps its seats). */
    void away(Session s) {
        for (Room room : List.copyOf(s.rooms.values())) {
            synchronized (room) {
                room.sendToOthers(s, new PeerAway(room.name, s.peer()));
            }
        }
    }

    /** Tells the members of the session's rooms that it resumed. */
    void back(Session s) {
        for (Room room : List.copyOf(s.rooms.values())) {
            synchronized (room) {
                room.sendToOthers(s, new PeerBack(room.name, s.peer()));
            }
        }
    }

    /** Rooms that currently have someone in them. */
    int count() {
        return rooms.size();
    }

    /** Under the room lock, so nothing relayed in the room reaches {@code s} after its {@code left}. */
    private void vacate(Session s, Room room, String ref, boolean tellSelf) {
        s.rooms.remove(room.name);
        synchronized (room) {
            if (room.remove(s)) rooms.remove(room.name, room);
            if (tellSelf) s.reply(ref, new Left(room.name));
            room.sendToOthers(s, new PeerLeft(room.name, s.peer()));
        }
        log.info("room {}: {} left", room.name, s);
    }

    private static Room roomOf(Session s, String name) {
        Room room = s.rooms.get(name);
        if (room == null) throw new ProtocolException(ErrorCode.NOT_IN_ROOM, "you are not in room '" + name + "'");
        return room;
    }
}
