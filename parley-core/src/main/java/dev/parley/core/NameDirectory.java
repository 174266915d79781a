package dev.parley.core;

import dev.parley.protocol.Peer;

/**
 * Who is online by name, for direct calls and presence: in this process's memory
 * ({@link LocalDirectory}) or in a store every node of a cluster shares. Names are unique while
 * online, compared by {@link Names#keys} (case, normal form and look-alikes do not make a new name).
 *
 * <p>Order is the contract: each named session sees one full presence snapshot followed by every
 * change in the order it happened; a change can neither overtake the snapshot nor be missing from it.
 */
public interface NameDirectory {
    /**
     * Claims {@code name} for {@code s} unless an online session holds it or a look-alike. On
     * success, in one step: tells every other named session that the name came online, runs
     * {@code greet} (which sends {@code welcome}), then sends {@code s} the full presence list.
     */
    boolean claim(Session s, String name, Runnable greet);

    /** Frees the session's name, if it had one, and tells everyone it went offline. */
    void release(Session s);

    /** The online session holding this name or a look-alike of it, or null. */
    Peer find(String name);

    /** Named sessions online (in a cluster: everywhere). */
    int online();
}
