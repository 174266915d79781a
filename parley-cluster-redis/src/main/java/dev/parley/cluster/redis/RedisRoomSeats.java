package dev.parley.cluster.redis;

import dev.parley.cluster.redis.Scripts.Script;
import dev.parley.core.RoomSeats;
import dev.parley.core.Session;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerFrameCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.PeerAway;
import dev.parley.protocol.ServerMessage.PeerBack;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Seats in Redis: each step one script (see join.lua and its neighbours); what others hear goes through their nodes' inboxes. */
final class RedisRoomSeats implements RoomSeats {
    private final RedisCommands<String, String> redis;
    private final Inbox inbox;

    RedisRoomSeats(RedisCommands<String, String> redis, Inbox inbox) {
        this.redis = redis;
        this.inbox = inbox;
    }

    @Override
    public boolean join(Session s, String room, int capacity, ServerMessage toOthers, Consumer<List<Peer>> seated) {
        inbox.hold(s.id());
        try {
            List<Object> reply = Scripts.list(redis, Script.JOIN, room, s.id(), Integer.toString(capacity), encode(toOthers));
            if ((Long) reply.get(0) == 0) return false;
            List<Peer> members = new ArrayList<>();
            for (int i = 1; i + 1 < reply.size(); i += 2) {
                String name = (String) reply.get(i + 1);
                members.add(new Peer((String) reply.get(i), name.isEmpty() ? null : name));
            }
            inbox.seated(s.id(), room);
            seated.accept(members);
            return true;
        } finally {
            inbox.release(s.id());
        }
    }

    /**
     * Never fails for want of Redis: the session has left on this node, which gives the seat back
     * in Redis when it is back (see Resync), so its client hears {@code left} at once.
     */
    @Override
    public void leave(Session s, String room, ServerMessage toOthers, Runnable left) {
        inbox.unseated(s.id(), room);
        Gate.quietly(() -> Scripts.number(redis, Script.LEAVE, room, s.id(), encode(toOthers)));
        left.run();
    }

    /** Relays a message; {@code peer-away} and {@code peer-back}, which a lost connection sends, only if Redis is there. */
    @Override
    public void sendToOthers(Session from, String room, ServerMessage message) {
        Runnable relay = () -> Scripts.number(redis, Script.OTHERS, room, from.id(), encode(message));
        if (message instanceof PeerAway || message instanceof PeerBack) Gate.quietly(relay);
        else relay.run();
    }

    @Override
    public boolean sendTo(Session from, String room, String to, ServerMessage message) {
        return Scripts.number(redis, Script.TO, room, from.id(), to, encode(message)) == 1;
    }

    @Override
    public int count() {
        return Math.toIntExact(redis.scard(Keys.ROOMS));
    }

    static String encode(ServerMessage message) {
        return ServerFrameCodec.encode(new ServerFrame(null, message));
    }
}
