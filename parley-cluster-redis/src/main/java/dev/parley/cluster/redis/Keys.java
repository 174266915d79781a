package dev.parley.cluster.redis;

/**
 * Key names, as the scripts spell them (prelude.lua). One hash tag for all: a Redis Cluster keeps
 * them in one slot, so the multi-key scripts work there too (at the price of one shard's capacity,
 * which signaling state fits in many times over).
 */
final class Keys {
    static final String PREFIX = "{parley}:";
    /** Live nodes, scored by their last heartbeat (epoch ms). */
    static final String NODES = PREFIX + "nodes";
    /** Name keys of online sessions → session id. */
    static final String NAMES = PREFIX + "names";
    /** Online named sessions: id → name. */
    static final String ONLINE = PREFIX + "online";
    /** Names of rooms with someone in them. */
    static final String ROOMS = PREFIX + "rooms";
    /** Ids of direct calls ringing or active (each call's own keys: see {@link RedisSwitchboard}). */
    static final String CALLS = PREFIX + "calls";

    private Keys() { }

    /** A node's inbox stream: what other sessions sent its sessions, in the order it happened. */
    static String inbox(String node) {
        return PREFIX + "in:" + node;
    }

    /** The sessions a node holds. */
    static String nodeSessions(String node) {
        return PREFIX + "n:" + node + ":s";
    }
}
