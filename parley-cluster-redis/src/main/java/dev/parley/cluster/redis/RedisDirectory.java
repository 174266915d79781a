package dev.parley.cluster.redis;

import dev.parley.cluster.redis.Scripts.Script;
import dev.parley.core.NameDirectory;
import dev.parley.core.Names;
import dev.parley.core.Session;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage.Presence;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;

/**
 * Names and presence in Redis (claim.lua, release.lua, find.lua). The claimer's presence snapshot
 * comes through its own node's inbox, at the point in the stream where the claim happened, so no
 * change is missed or counted twice; {@link Inbox#hold} keeps it behind {@code welcome}.
 */
final class RedisDirectory implements NameDirectory {
    private final RedisCommands<String, String> redis;
    private final Inbox inbox;
    private final String node;
    private final Resync resync;

    RedisDirectory(RedisCommands<String, String> redis, Inbox inbox, String node, Resync resync) {
        this.redis = redis;
        this.inbox = inbox;
        this.node = node;
        this.resync = resync;
    }

    @Override
    public boolean claim(Session s, String name, Runnable greet) {
        List<String> args = new ArrayList<>(List.of(s.id(), name, node,
                RedisRoomSeats.encode(new Presence(false, List.of(name), List.of()))));
        args.addAll(Names.keys(name));
        resync.owned(s.id()); // a claim that times out may run after all
        inbox.hold(s.id());
        try {
            if (Scripts.number(redis, Script.CLAIM, args.toArray(String[]::new)) == 0) return false;
            greet.run();
            return true;
        } finally {
            inbox.release(s.id());
        }
    }

    /** Never fails for want of Redis: a name still held there is freed by the resync. */
    @Override
    public void release(Session s) {
        if (s.name() == null) return;
        inbox.unnamed(s.id());
        Gate.quietly(() -> Scripts.number(redis, Script.RELEASE, s.id(),
                RedisRoomSeats.encode(new Presence(false, List.of(), List.of(s.name())))));
    }

    @Override
    public Peer find(String name) {
        List<Object> found = Scripts.list(redis, Script.FIND, Names.keys(name).toArray(String[]::new));
        return found.isEmpty() ? null : new Peer((String) found.get(0), (String) found.get(1));
    }

    @Override
    public int online() {
        return Math.toIntExact(redis.hlen(Keys.ONLINE));
    }
}
