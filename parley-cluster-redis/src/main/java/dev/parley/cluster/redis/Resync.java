package dev.parley.cluster.redis;

import dev.parley.cluster.redis.Scripts.Script;
import dev.parley.core.LocalSessions;
import dev.parley.core.ParkedSession;
import dev.parley.core.Session;
import dev.parley.protocol.ServerFrameCodec;
import dev.parley.protocol.ServerMessage.PeerBack;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Presence;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings Redis and this node's sessions back in step after Redis was out of reach, on the
 * heartbeat thread, before the {@link Gate} opens again (so no session's step runs meanwhile, and
 * none that was in flight when the gate closed is still waiting: it has timed out). What the node
 * does depends on what Redis kept, as the heartbeat found it ({@code beat.lua}):
 *
 * <ul>
 *   <li><b>Redis lost the cluster's state</b> (restarted without persistence, flushed: the epoch
 *       key changed). Every node's sessions, seats, names, calls and copies are gone, and with
 *       them what the inboxes held. Re-asserting each session from each node would race with the
 *       others' (a seat or name taken meanwhile) and could not tell peers what they missed, so the
 *       node drops every session it has ({@link LocalSessions#evict}: close 1013, "connect
 *       again"). Every node does the same, so no client keeps a view of a peer that is gone. A
 *       client resuming finds nothing to resume and starts afresh under its id (the JS SDK rejoins
 *       its rooms: 'rejoined', 'restored'); names and seats are claimed again first come, first
 *       served, so they stay unique and within capacity.
 *   <li><b>Otherwise</b> (a pause, a partition, a dropped connection): Redis kept its data, but a
 *       step that timed out may still have run after its session was told {@code unavailable}
 *       (Redis runs a paused client's commands later, a proxy or network delivers them late), and
 *       a session that ended meanwhile could not leave its rooms or free its name. Each session
 *       of this node is put in step with what Redis says of it:
 *       <ul>
 *         <li>Redis has it on this node: a seat or name it holds there that the session does not
 *             hold here is given back, with the {@code peer-left} or presence change it owes.
 *         <li>Redis has it set aside: the cluster took this node for dead while it was cut off
 *             (longer than the reaper's bound), and a reaper set its sessions aside (their peers
 *             heard {@code peer-away}; what was sent to them since is kept). Nobody has taken it
 *             over, and its client is still here: the node takes it back (unpark.lua), hands it
 *             what was kept for it, and its rooms hear {@code peer-back}, its call
 *             {@code call-peer-back}. The client notices nothing but the wait. (Not dropped for its
 *             client to resume elsewhere: the reaper rebuilt its backlog from the copies in Redis,
 *             which lack the frames this node sent it while cut off, so the numbering would not
 *             match.)
 *         <li>Redis has it on another node (a client resumed it there): dropped here.
 *         <li>Redis has no record of it: it said hello while Redis was away (registered now), or a
 *             reaper ended it after the grace (its peers heard {@code peer-left}, its name is free):
 *             dropped, its client starts afresh.
 *       </ul>
 *       A session that ended here meanwhile and that Redis still has on this node is ended there
 *       now ({@link LocalSessions#end}): {@code peer-left}, name freed, call hung up.
 * </ul>
 */
final class Resync {
    private static final Logger log = LoggerFactory.getLogger(Resync.class);

    private final String node;
    private final RedisCommands<String, String> redis;
    private final LocalSessions local;
    private final Inbox inbox;
    /**
     * Sessions this node may have left traces of in Redis: added before a step that may register
     * or name one here, removed once it is unregistered or handed to another node.
     */
    private final Set<String> owned = ConcurrentHashMap.newKeySet();

    Resync(String node, RedisCommands<String, String> redis, LocalSessions local, Inbox inbox) {
        this.node = node;
        this.redis = redis;
        this.local = local;
        this.inbox = inbox;
    }

    void owned(String id) {
        owned.add(id);
    }

    void disowned(String id) {
        owned.remove(id);
    }

    /** Brings this node in step; {@code lost}: Redis lost its data. */
    void run(boolean lost) {
        if (lost) {
            List<String> ids = local.sessionIds();
            for (String id : ids) drop(id, "the cluster lost its shared state (Redis restarted); connect again");
            owned.clear();
            inbox.checkStream();
            log.warn("node {}: Redis lost the cluster's state; dropped this node's {} sessions", node, ids.size());
            return;
        }
        Set<String> here = new HashSet<>(local.sessionIds());
        for (String id : List.copyOf(owned)) {
            if (!here.contains(id)) endLeftover(id);
        }
        for (String id : here) inStep(id);
    }

    /** Drops a session from this node, and what this node kept of it, without a word to Redis. */
    private void drop(String id, String why) {
        local.evict(id, why);
        inbox.forget(id);
        owned.remove(id);
    }

    /** A session of this node that a reaper set aside while this node was cut off; false if someone took it meanwhile. */
    private boolean takeBack(Session s) {
        String id = s.id();
        inbox.hold(id); // what comes for it from now on goes after what was kept for it
        try {
            List<Object> reply = Scripts.list(redis, Script.UNPARK, id, node);
            if (!"taken".equals(reply.get(0))) {
                drop(id, "the cluster holds this session elsewhere now (this node was cut off); connect again");
                return false;
            }
            int rooms = Math.toIntExact((Long) reply.get(4));
            for (int i = 5 + rooms; i < reply.size(); i++) local.deliver(id, ServerFrameCodec.decode((String) reply.get(i)).message());
        } finally {
            inbox.release(id);
        }
        for (String room : inbox.roomsOf(id)) {
            Scripts.number(redis, Script.OTHERS, room, id, RedisRoomSeats.encode(new PeerBack(room, s.peer())));
        }
        if (s.name() != null) Scripts.number(redis, Script.PARTY_AWAY, id, "back");
        log.info("session {} was set aside while this node was cut off; taken back", id);
        return true;
    }

    /** A session that ended here while Redis was away: end what Redis still holds of it. */
    private void endLeftover(String id) {
        Map<String, String> record = redis.hgetall(Keys.session(id));
        if (!node.equals(record.get("node"))) {
            owned.remove(id); // never registered, set aside, or another node's now
            return;
        }
        String host = record.getOrDefault("host", "");
        List<String> rooms = redis.zrange(Keys.sessionRooms(id), 0, -1);
        log.info("session {} ended while Redis was away; ending it in Redis now", id);
        local.end(new ParkedSession(id, record.get("name"), host.isEmpty() ? null : host, rooms, null, List.of()));
        owned.remove(id);
    }

    /** A session of this node: give back what Redis holds for it that it does not hold. */
    private void inStep(String id) {
        Session s = local.session(id);
        if (s == null) return;
        Map<String, String> record = redis.hgetall(Keys.session(id));
        String holder = record.get("node");
        Set<String> seated = inbox.roomsOf(id);
        if (holder == null) {
            if (s.name() == null && seated.isEmpty()) {
                // Said hello while Redis was away: registered now, without copies of the frames it missed.
                Scripts.number(redis, Script.REGISTER, id, node, s.host() == null ? "" : s.host(), "");
            } else {
                drop(id, "the cluster ended this session while this node was cut off; connect again");
            }
            return;
        }
        if (holder.isEmpty()) {
            if (!takeBack(s)) return;
        } else if (!holder.equals(node)) {
            drop(id, "the cluster holds this session elsewhere now (this node was cut off); connect again");
            return;
        }
        List<String> inRedis = redis.zrange(Keys.sessionRooms(id), 0, -1);
        for (String room : inRedis) {
            if (!seated.contains(room)) {
                log.info("session {}: giving back a seat in room {} it does not hold", id, room);
                Scripts.number(redis, Script.LEAVE, room, id, RedisRoomSeats.encode(new PeerLeft(room, s.peer())));
            }
        }
        String named = redis.hget(Keys.ONLINE, id);
        if (named != null && s.name() == null) {
            log.info("session {}: giving back the name it does not hold", id);
            Scripts.number(redis, Script.RELEASE, id, RedisRoomSeats.encode(new Presence(false, List.of(), List.of(named))));
        }
        if ((s.name() != null && named == null) || !inRedis.containsAll(seated)) {
            // Cannot happen while Redis keeps its state; if it does, the session starts afresh rather than live a lie.
            drop(id, "the cluster lost part of this session; connect again");
            owned.add(id);
            endLeftover(id);
        }
    }
}
