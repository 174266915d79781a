package dev.parley.core;

import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A room's seats. Every field is guarded by the room's own monitor, and so is every message about
 * the room, which is what orders {@code joined}, {@code peer-joined}, relayed payloads and
 * {@code peer-left} the same way for every member.
 */
final class Room {
    final String name;

    /** Members by session id, in join order. Guarded by {@code this}. */
    private final Map<String, Session> members = new LinkedHashMap<>();

    /** Set when the last member leaves; a removed room is never reused. Guarded by {@code this}. */
    private boolean removed;

    Room(String name) {
        this.name = name;
    }

    // All methods below are called with the monitor held.

    boolean removed() {
        return removed;
    }

    int size() {
        return members.size();
    }

    List<Peer> peers() {
        return members.values().stream().map(Session::peer).toList();
    }

    Session member(String id) {
        return members.get(id);
    }

    void add(Session s) {
        members.put(s.id(), s);
    }

    /** Removes the member; returns true if that left the room empty, and marks it removed. */
    boolean remove(Session s) {
        members.remove(s.id());
        removed = members.isEmpty();
        return removed;
    }

    /** Sends to every member but one. */
    void sendToOthers(Session except, ServerMessage message) {
        for (Session m : members.values()) {
            if (m != except) m.send(message);
        }
    }
}
