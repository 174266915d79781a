package dev.parley.cluster.redis;

import java.util.Arrays;
import java.util.List;

/** What a cluster left in Redis: every Parley key besides a live cluster's own bookkeeping. */
public final class Leftovers {
    /** Its nodes, their inboxes, the reaper's lease, the seat counter, the epoch, the shared secrets. */
    private static final String BOOKKEEPING = "\\{parley\\}:(nodes|seq|reaper|epoch|secret:.*|in:.*)";

    private Leftovers() { }

    public static List<String> in(RedisProcess redis) {
        String keys = redis.command("EVAL", "return table.concat(redis.call('KEYS', '{parley}:*'), ' ')", "0");
        return Arrays.stream(keys.split(" ")).filter(k -> !k.isEmpty()).filter(k -> !k.matches(BOOKKEEPING)).toList();
    }
}
