package dev.parley.cluster.redis;

import dev.parley.cluster.redis.Scripts.Script;
import dev.parley.core.LocalSessions;
import dev.parley.core.ParkedSession;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage.PeerAway;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerFrameCodec;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after nodes that died and sessions nobody came back for, on one node at a time (a
 * lease in Redis). A node is dead when its heartbeat is {@link #DEAD_AFTER} old: its sessions are
 * set aside with backlogs rebuilt from their copies (orphan.lua; their rooms hear {@code peer-away},
 * their calls {@code call-peer-away}) and its inbox
 * goes. A session set aside whose grace is over is taken by this node (expire.lua) and ended
 * as any session ends: its rooms hear {@code peer-left}, its name is freed, its call hangs up.
 */
final class Reaper {
    private static final Logger log = LoggerFactory.getLogger(Reaper.class);
    /** Three missed heartbeats. */
    static final Duration DEAD_AFTER = RedisCluster.HEARTBEAT.multipliedBy(3);
    private static final Duration LEASE = RedisCluster.HEARTBEAT.multipliedBy(3);

    private final RedisCommands<String, String> redis;
    private final String node;
    private final LocalSessions local;
    private final Duration grace;

    Reaper(RedisCommands<String, String> redis, String node, LocalSessions local, Duration grace) {
        this.redis = redis;
        this.node = node;
        this.local = local;
        this.grace = grace;
    }

    /** One round; {@code now} is Redis's time in ms. */
    void run(long now) {
        if (!lease()) return;
        for (String dead : redis.zrangebyscore(Keys.NODES, Range.create(0, now - DEAD_AFTER.toMillis()))) bury(dead);
        for (String id : redis.smembers(Keys.PARKED)) expire(id);
    }

    private boolean lease() {
        if ("OK".equals(redis.set(Keys.REAPER, node, SetArgs.Builder.nx().px(LEASE.toMillis())))) return true;
        if (!node.equals(redis.get(Keys.REAPER))) return false;
        redis.pexpire(Keys.REAPER, LEASE.toMillis());
        return true;
    }

    private void bury(String dead) {
        List<String> ids = redis.smembers(Keys.nodeSessions(dead)).stream().toList();
        log.warn("node {} stopped answering; setting its {} sessions aside", dead, ids.size());
        for (String id : ids) {
            Map<String, String> session = redis.hgetall(Keys.session(id));
            String name = session.get("name");
            Rebuilt rebuilt = "1".equals(session.get("acks")) ? rebuild(id, session) : new Rebuilt("", session.getOrDefault("src", ""));
            List<String> args = new ArrayList<>(List.of(id, dead, Long.toString(grace.toMillis()), rebuilt.backlog(), rebuilt.after()));
            for (String room : redis.zrange(Keys.sessionRooms(id), 0, -1)) {
                args.add(room);
                args.add(RedisRoomSeats.encode(new PeerAway(room, new Peer(id, name))));
            }
            if (Scripts.number(redis, Script.ORPHAN, args.toArray(String[]::new)) == 1 && name != null) {
                Scripts.number(redis, Script.PARTY_AWAY, id, "away"); // its call's other party hears call-peer-away
            }
        }
        redis.zrem(Keys.NODES, dead);
        redis.del(Keys.inbox(dead), Keys.nodeSessions(dead));
    }

    /** A backlog ({@link Json#backlog}, '' if none) and the newest inbox entry its frames came from ('' if unknown). */
    private record Rebuilt(String backlog, String after) { }

    /**
     * The backlog of an acknowledging session of a dead node, from its copies (RedisMirror): frames
     * numbered one after another up to the newest; what came from the inbox past the newest entry
     * they name is still in the dead node's inbox (orphan.lua takes it along).
     */
    private Rebuilt rebuild(String id, Map<String, String> session) {
        String after = session.getOrDefault("src", "");
        long sent = Long.parseLong(session.getOrDefault("acked", "0"));
        List<ServerFrame> kept = new ArrayList<>();
        long expect = -1;
        for (StreamMessage<String, String> copy : redis.xrange(Keys.copy(id), Range.create("1-0", "+"))) {
            long number = Long.parseLong(copy.getId().substring(0, copy.getId().indexOf('-')));
            if (expect >= 0 && number != expect) return new Rebuilt("", after); // a gap: not faithful
            expect = number + 1;
            kept.add(ServerFrameCodec.decode(copy.getBody().get("f")));
            sent = Math.max(sent, number);
            String source = copy.getBody().get("s");
            if (source != null && (after.isEmpty() || EntryIds.compare(source, after) > 0)) after = source;
        }
        return new Rebuilt(Json.backlog(new ParkedSession.Backlog(sent, true, 0, kept)), after);
    }

    private void expire(String id) {
        List<Object> taken = Scripts.list(redis, Script.EXPIRE, id, node);
        if (taken.isEmpty()) return;
        String name = (String) taken.get(0);
        String host = (String) taken.get(1);
        int n = Math.toIntExact((Long) taken.get(2));
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < n; i++) rooms.add((String) taken.get(3 + i));
        log.info("session {} was not taken over within {} s; ending it", id, grace.toSeconds());
        local.end(new ParkedSession(id, name.isEmpty() ? null : name, host.isEmpty() ? null : host, rooms, null, List.of()));
    }
}
