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
    /** Sessions set aside, waiting to be taken over or ended. */
    static final String PARKED = PREFIX + "parked";
    /** The node reaping dead nodes and expired sessions now (a lease). */
    static final String REAPER = PREFIX + "reaper";
    /** A random value set when Redis has none: it changes only when Redis lost its data (see beat.lua). */
    static final String EPOCH = PREFIX + "epoch";
    /** Ids of direct calls ringing or active (each call's own keys: see {@link RedisSwitchboard}). */
    static final String CALLS = PREFIX + "calls";

    private Keys() { }

    /** A node's inbox stream: what other sessions sent its sessions, in the order it happened. */
    static String inbox(String node) {
        return PREFIX + "in:" + node;
    }

    /** A session's node, name, name keys, host; while set aside, when its grace ends. */
    static String session(String id) {
        return PREFIX + "s:" + id;
    }

    /** The rooms a session sits in, scored in join order. */
    static String sessionRooms(String id) {
        return PREFIX + "s:" + id + ":rooms";
    }

    /** The copy of an acknowledging session's frames its client may not have (see RedisMirror). */
    static String copy(String id) {
        return PREFIX + "b:" + id;
    }

    /** A secret every node must share (see RedisCluster#shareSecret). */
    static String secret(String name) {
        return PREFIX + "secret:" + name;
    }

    /** The sessions a node holds. */
    static String nodeSessions(String node) {
        return PREFIX + "n:" + node + ":s";
    }
}
