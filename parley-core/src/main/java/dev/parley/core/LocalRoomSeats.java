package dev.parley.core;

import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Seats in this process's memory: a {@link Room} per name, whose monitor is the step that orders
 * everything about it (see {@link RoomSeats}). A room exists while someone sits in it.
 */
final class LocalRoomSeats implements RoomSeats {
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();

    @Override
    public boolean join(Session s, String name, int capacity, ServerMessage toOthers, Consumer<List<Peer>> seated) {
        while (true) {
            Room room = rooms.computeIfAbsent(name, Room::new);
            synchronized (room) {
                if (room.removed()) continue; // emptied and dropped after we found it: take a fresh one
                if (room.size() >= capacity) return false;
                seated.accept(room.peers());
                room.sendToOthers(s, toOthers);
                room.add(s);
                return true;
            }
        }
    }

    @Override
    public void leave(Session s, String name, ServerMessage toOthers, Runnable left) {
        Room room = rooms.get(name);
        if (room == null) return;
        synchronized (room) {
            if (room.member(s.id()) != s) return;
            if (room.remove(s)) rooms.remove(name, room);
            left.run();
            room.sendToOthers(s, toOthers);
        }
    }

    @Override
    public void sendToOthers(Session from, String name, ServerMessage message) {
        Room room = rooms.get(name);
        if (room == null) return;
        synchronized (room) {
            room.sendToOthers(from, message);
        }
    }

    @Override
    public boolean sendTo(Session from, String name, String to, ServerMessage message) {
        Room room = rooms.get(name);
        if (room == null) return false;
        synchronized (room) {
            Session target = room.member(to);
            if (target == null || target == from) return false;
            target.send(message);
            return true;
        }
    }

    @Override
    public int count() {
        return rooms.size();
    }
}
