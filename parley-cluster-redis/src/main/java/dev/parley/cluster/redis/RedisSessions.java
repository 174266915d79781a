package dev.parley.cluster.redis;

import dev.parley.cluster.redis.Scripts.Script;
import dev.parley.core.Names;
import dev.parley.core.ParkedSession;
import dev.parley.core.Session;
import dev.parley.core.SessionRegistry;
import dev.parley.protocol.ServerFrameCodec;
import dev.parley.protocol.ServerMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which node holds each session (register.lua, unregister.lua), and taking one over from another
 * node for a client that resumes it here: the holder sets it aside (park.lua, asked through its
 * inbox), this node takes it (unpark.lua). Meanwhile what is sent to the session waits in this
 * node's inbox ({@link Inbox#hold}) until it is attached to its new connection.
 */
final class RedisSessions implements SessionRegistry {
    /** How long a resume waits for the holder to set the session aside; then the client is told to ask again. */
    static final Duration TAKEOVER_WAIT = Duration.ofSeconds(3);
    /** How often the holder is asked again meanwhile (its first answer may be to close the session's old connection). */
    private static final long ASK_EVERY_MILLIS = 250;

    private final RedisCommands<String, String> redis;
    private final Inbox inbox;
    private final String node;
    private final Resync resync;

    RedisSessions(RedisCommands<String, String> redis, Inbox inbox, String node, Resync resync) {
        this.redis = redis;
        this.inbox = inbox;
        this.node = node;
        this.resync = resync;
    }

    /** Never fails for want of Redis: the session is served here meanwhile, and registered by the resync. */
    @Override
    public void greeted(Session s) {
        resync.owned(s.id());
        Gate.quietly(() -> Scripts.number(redis, Script.REGISTER, s.id(), node, s.host() == null ? "" : s.host(), s.acknowledges() ? "1" : ""));
    }

    /** Never fails for want of Redis: what the session still holds there is ended by the resync. */
    @Override
    public void ended(Session s) {
        inbox.forget(s.id());
        Gate.quietly(() -> {
            Scripts.number(redis, Script.UNREGISTER, s.id());
            resync.disowned(s.id());
        });
    }

    @Override
    public TakeOver takeOver(String id, String name) {
        Map<String, String> session = redis.hgetall(Keys.session(id));
        if (session.isEmpty()) return new TakeOver.Unknown();
        String holds = session.get("name");
        if (!java.util.Objects.equals(holds == null ? null : Names.key(holds), name == null ? null : Names.key(name))) {
            return new TakeOver.NotYours();
        }
        inbox.hold(id);
        long deadline = System.nanoTime() + TAKEOVER_WAIT.toNanos();
        long nextAsk = System.nanoTime();
        try {
            while (true) {
                List<Object> reply = Scripts.list(redis, Script.UNPARK, id, node);
                switch ((String) reply.get(0)) {
                    case "unknown" -> {
                        inbox.release(id);
                        return new TakeOver.Unknown();
                    }
                    case "taken" -> {
                        resync.owned(id);
                        ParkedSession parked = parked(id, reply);
                        parked.rooms().forEach(room -> inbox.seated(id, room));
                        if (parked.name() != null) inbox.named(id);
                        return new TakeOver.Taken(parked); // what comes waits until attached
                    }
                    default -> {
                        String holder = (String) reply.get(1);
                        if (System.nanoTime() - deadline > 0 || holder.equals(node)) {
                            inbox.release(id);
                            return new TakeOver.Busy("this session is still held by another node; say hello again in a moment");
                        }
                        if (System.nanoTime() - nextAsk >= 0) {
                            redis.xadd(Keys.inbox(holder), XAddArgs.Builder.maxlen(RedisCluster.INBOX_MAXLEN).approximateTrimming(),
                                    Map.of("k", "park", "id", id));
                            nextAsk = System.nanoTime() + ASK_EVERY_MILLIS * 1_000_000;
                        }
                        Thread.sleep(20);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inbox.release(id);
            return new TakeOver.Busy("interrupted");
        } catch (RuntimeException e) {
            inbox.release(id);
            throw e;
        }
    }

    @Override
    public void attached(String id) {
        inbox.release(id);
    }

    /** unpark.lua's {'taken', backlog, name, host, n, rooms..., kept...}. */
    private static ParkedSession parked(String id, List<Object> reply) {
        String backlog = (String) reply.get(1);
        String name = (String) reply.get(2);
        String host = (String) reply.get(3);
        int rooms = Math.toIntExact((Long) reply.get(4));
        List<String> joined = new ArrayList<>();
        for (int i = 0; i < rooms; i++) joined.add((String) reply.get(5 + i));
        List<ServerMessage> since = new ArrayList<>();
        for (int i = 5 + rooms; i < reply.size(); i++) since.add(ServerFrameCodec.decode((String) reply.get(i)).message());
        return new ParkedSession(id, name.isEmpty() ? null : name, host.isEmpty() ? null : host, joined,
                backlog.isEmpty() ? null : Json.backlog(backlog), since);
    }
}
