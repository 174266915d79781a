package dev.parley.cluster.redis;

import dev.parley.cluster.redis.Scripts.Script;
import dev.parley.core.LocalSessions;
import dev.parley.core.ParkedSession;
import dev.parley.core.Names;
import dev.parley.protocol.ServerFrameCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Presence;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's inbox stream, read in order by one thread and handed to the sessions it names. The
 * stream's order is the order the scripts ran in, so every session hears each room's (and the
 * directory's) events in one order, like the monitors of a single node.
 *
 * <p>Two local rules keep a session's own replies in that order too. While a session's step is
 * in flight ({@link #hold}), what arrives for it waits, and goes out after the step's reply
 * ({@link #release}): so {@code joined} comes before anything relayed after the seat was taken, and
 * {@code welcome} before the presence snapshot. And a room's events reach only a session that is
 * in the room on this node now ({@link #seated}): nothing relayed reaches it after its {@code left}.
 */
final class Inbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    private static final int BATCH = 256;
    private static final long BLOCK_MILLIS = 1000;

    private final String node;
    private final ClusterStats stats;
    /** How long a session set aside waits to be taken over. */
    private final java.time.Duration grace;
    private final String key;
    /**
     * The connection frames are copied on (RedisMirror): the inbox is trimmed down it too, so that
     * an entry never goes before the copies of what it brought.
     */
    private final io.lettuce.core.api.async.RedisAsyncCommands<String, String> commands;
    private final RedisCommands<String, String> redis;
    private final LocalSessions local;
    private final Thread reader;
    private volatile boolean closed;
    /** The id of the last entry handed out (0-0 before the first). */
    private volatile String lastRead = "0-0";
    /** The stream may have been lost or made anew since the last read: check before reading on. */
    private volatile boolean suspect;

    /** Sessions with a step in flight, and what waits for them. Guarded by itself. */
    private final Map<String, Queue<Delivery>> held = new HashMap<>();
    /** Rooms each local session sits in; written by the session's own steps, read by the reader. */
    private final Map<String, Set<String>> rooms = new ConcurrentHashMap<>();
    /** Local sessions that receive presence changes: from their snapshot on. */
    private final Set<String> named = ConcurrentHashMap.newKeySet();

    /** {@code entry}: the inbox entry it came in, which a copy of the frame names (see RedisMirror). */
    private record Delivery(String entry, String room, ServerMessage message) { }

    /** The inbox entry whose message is being handed to a session on this thread, or null. */
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    /** The inbox entry whose message is being handed out on this thread now, or null (a frame of this node's own). */
    static String currentEntry() {
        return CURRENT.get();
    }

    Inbox(String node, RedisCommands<String, String> redis, io.lettuce.core.api.async.RedisAsyncCommands<String, String> commands,
          LocalSessions local, java.time.Duration grace, ClusterStats stats) {
        this.stats = stats;
        this.commands = commands;
        this.node = node;
        this.grace = grace;
        this.key = Keys.inbox(node);
        this.redis = redis;
        this.local = local;
        this.reader = Thread.ofPlatform().name("parley-cluster-inbox").daemon().unstarted(this::readLoop);
    }

    void start() {
        reader.start();
    }

    /** Whether everything in the inbox now has been handed out. */
    boolean caughtUp(RedisCommands<String, String> redis) {
        List<StreamMessage<String, String>> newest = redis.xrevrange(key, io.lettuce.core.Range.create("-", "+"),
                io.lettuce.core.Limit.from(1));
        return newest.isEmpty() || newest.get(0).getId().equals(lastRead);
    }

    /** From now on, what arrives for the session waits for {@link #release}. Called by the session's own steps. */
    void hold(String sessionId) {
        synchronized (held) {
            held.putIfAbsent(sessionId, new ArrayDeque<>());
        }
    }

    /** Sends what waited, in order, and lets what comes go straight through. */
    void release(String sessionId) {
        synchronized (held) {
            Queue<Delivery> waiting = held.remove(sessionId);
            if (waiting != null) waiting.forEach(d -> send(sessionId, d));
        }
    }

    void seated(String sessionId, String room) {
        rooms.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet()).add(room);
    }

    void unseated(String sessionId, String room) {
        Set<String> in = rooms.get(sessionId);
        if (in != null) in.remove(room);
    }

    /** The session ended: forget it. */
    void forget(String sessionId) {
        rooms.remove(sessionId);
        named.remove(sessionId);
        synchronized (held) {
            held.remove(sessionId);
        }
    }

    /** The rooms the session sits in on this node, as its own steps said. */
    Set<String> roomsOf(String sessionId) {
        Set<String> in = rooms.get(sessionId);
        return in == null ? Set.of() : Set.copyOf(in);
    }

    /** Redis may have lost this inbox (restarted, or a reaper deleted it): see {@link #verified}. */
    void checkStream() {
        suspect = true;
    }

    /** The session, named, came here from another node: presence changes reach it from now on. */
    void named(String sessionId) {
        named.add(sessionId);
    }

    /** The session no longer has a name: no more presence changes for it. */
    void unnamed(String sessionId) {
        named.remove(sessionId);
    }

    private void readLoop() {
        String last = "0-0";
        while (!closed) {
            try {
                if (suspect) {
                    last = verified(last);
                    suspect = false;
                }
                List<StreamMessage<String, String>> batch = redis.xread(XReadArgs.Builder.block(BLOCK_MILLIS).count(BATCH),
                        XReadArgs.StreamOffset.from(key, last));
                if (batch == null || batch.isEmpty()) continue;
                if (batch.size() == BATCH && trimmedUnread(redis, key, last)) {
                    // More piled up than an inbox keeps (INBOX_MAXLEN), and the oldest went unread: what
                    // this node's sessions were sent is no longer whole. They are told to connect again,
                    // and their resume fails honestly (resumed false) rather than silently missing messages.
                    log.error("cluster inbox {}: this node fell more than {} entries behind and lost some; dropping its sessions",
                            key, RedisCluster.INBOX_MAXLEN);
                    local.sessionIds().forEach(id -> local.endNow(id, "this node fell behind the cluster; connect again"));
                }
                for (StreamMessage<String, String> entry : batch) {
                    stats.inboxEntries.increment();
                    dispatch(entry.getId(), entry.getBody());
                    last = entry.getId();
                    lastRead = last;
                }
                commands.xtrim(key, XTrimArgs.Builder.minId(keepFrom(last)));
            } catch (RuntimeException e) {
                if (closed) return;
                log.warn("cluster inbox {}: {}; reading again", key, e.toString());
                suspect = true;
                pause();
            }
        }
    }

    /**
     * Whether the stream trimmed (MAXLEN) entries after {@code last}, the newest read: they were
     * never read. The reader's own trimming always keeps {@code last}, so if the stream now starts
     * after it, MAXLEN trimmed past it; before anything was read, when more was added than it holds.
     * (XINFO's max-deleted-entry-id would say it directly, but Redis 7.0 sets it on XDEL only.)
     */
    static boolean trimmedUnread(RedisCommands<String, String> redis, String key, String last) {
        List<Object> info = redis.xinfoStream(key);
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        for (int i = 0; i + 1 < info.size(); i += 2) fields.put(String.valueOf(info.get(i)), String.valueOf(info.get(i + 1)));
        if ("0-0".equals(last)) return Long.parseLong(fields.getOrDefault("entries-added", "0")) > Long.parseLong(fields.getOrDefault("length", "0"));
        String first = fields.getOrDefault("recorded-first-entry-id", "0-0");
        return !"0-0".equals(first) && EntryIds.compare(first, last) > 0;
    }

    /**
     * Where to read on from after trouble: from {@code last}, unless the stream is not the one read
     * so far (missing or empty, though trimming keeps the last entry read; or ending before
     * {@code last}: Redis restarted, and ids start again from its clock), then from its start.
     */
    private String verified(String last) {
        List<StreamMessage<String, String>> newest = redis.xrevrange(key, io.lettuce.core.Range.create("-", "+"),
                io.lettuce.core.Limit.from(1));
        if (!newest.isEmpty() && EntryIds.compare(newest.get(0).getId(), last) >= 0) return last;
        if (!"0-0".equals(last)) log.info("cluster inbox {} is new (Redis lost the old one): reading it from its start", key);
        lastRead = "0-0";
        return "0-0";
    }

    private void dispatch(String entryId, Map<String, String> entry) {
        String kind = entry.get("k");
        switch (kind == null ? "" : kind) {
            case "to" -> {
                ServerMessage message = decode(entry.get("m"));
                String room = entry.get("r");
                Delivery d = new Delivery(entryId, room == null || room.isEmpty() ? null : room, message);
                for (String id : entry.get("to").split(",")) deliver(id, d);
            }
            case "named" -> {
                ServerMessage message = decode(entry.get("m"));
                String except = entry.get("x");
                for (String id : named) {
                    if (!id.equals(except)) deliver(id, new Delivery(entryId, null, message));
                }
            }
            case "snapshot" -> {
                String id = entry.get("to");
                named.add(id);
                List<String> online = new ArrayList<>(Json.strings(entry.get("m")));
                online.sort(java.util.Comparator.comparing(Names::key));
                deliver(id, new Delivery(entryId, null, new Presence(true, online, List.of())));
            }
            case "park" -> park(entry.get("id"), entryId);
            default -> log.warn("cluster inbox {}: unknown entry {}", key, entry.keySet());
        }
    }

    /**
     * Another node asks for a session of ours, for its client resuming there. Done here, between two
     * entries, so that the session takes along exactly what this inbox holds for it past this one.
     */
    private void park(String sessionId, String entryId) {
        ParkedSession parked = local.park(sessionId);
        if (parked == null) return; // not ours, or still connected (its connection is being closed: it asks again)
        forget(sessionId);
        String backlog = parked.resumable() ? Json.backlog(parked.backlog()) : "";
        Scripts.number(redis, Script.PARK, sessionId, node, entryId, backlog, Long.toString(grace.toMillis()));
    }

    private void deliver(String sessionId, Delivery d) {
        synchronized (held) {
            Queue<Delivery> waiting = held.get(sessionId);
            if (waiting != null) waiting.add(d);
            else send(sessionId, d);
        }
    }

    /** Under the {@link #held} lock, so a release cannot overtake a delivery. Only enqueues. */
    private void send(String sessionId, Delivery d) {
        if (d.room() != null) {
            Set<String> in = rooms.get(sessionId);
            if (in == null || !in.contains(d.room())) return;
        }
        CURRENT.set(d.entry());
        try {
            local.deliver(sessionId, d.message());
        } finally {
            CURRENT.remove();
        }
    }

    /**
     * Where the inbox may be trimmed from after handing out everything up to {@code last}: not past
     * an entry whose message still waits for a session ({@link #hold}), which is not yet copied.
     */
    private String keepFrom(String last) {
        synchronized (held) {
            String oldest = last;
            for (Queue<Delivery> waiting : held.values()) {
                Delivery first = waiting.peek();
                if (first != null && first.entry() != null && EntryIds.compare(first.entry(), oldest) < 0) oldest = first.entry();
            }
            return oldest;
        }
    }

    private static ServerMessage decode(String text) {
        return ServerFrameCodec.decode(text).message();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
    }
}
