package dev.parley.core;

import dev.parley.protocol.LeftSignal;
import dev.parley.protocol.Payload;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.PeerJoined;
import java.util.ArrayList;
import java.util.HashMap;
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

    /** What members left for the next to join, by session id: one each at most. Guarded by {@code this}. */
    private final Map<String, Payload> next = new HashMap<>();

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

    /** Keeps or (null) drops what a member leaves for the next to join. */
    void setNext(Session s, Payload data) {
        if (data == null) next.remove(s.id());
        else next.put(s.id(), data);
    }

    /** Takes what the members left for the next to join, in their join order. */
    List<LeftSignal> takeNext() {
        List<LeftSignal> taken = new ArrayList<>();
        for (String id : members.keySet()) {
            Payload data = next.remove(id);
            if (data != null) taken.add(new LeftSignal(id, data));
        }
        return taken;
    }

    /** Tells the members a joiner came, with {@code tookNext} those whose payload it took. */
    void announce(PeerJoined joined, List<LeftSignal> taken) {
        for (Session m : members.values()) {
            boolean took = taken.stream().anyMatch(l -> l.from().equals(m.id()));
            m.send(took ? new PeerJoined(joined.room(), joined.peer(), true) : joined);
        }
    }

    /** Removes the member; returns true if that left the room empty, and marks it removed. */
    boolean remove(Session s) {
        next.remove(s.id());
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
