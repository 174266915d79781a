package dev.parley.server.dialect;

import dev.parley.core.Hub;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's seed 003 sessions by name ({@link dev.parley.core.Names#key}, so {@code Alice} and
 * {@code alice} are one), for the seed's rule that the last connection under a name wins: a new page
 * may only take its name from another seed 003 page, never from other clients. One per hub, so that
 * the HTTP and HTTPS listeners share it without new wiring; a hub that is gone takes its entry with
 * it (entries only hold pages that are connected, which hold nothing of the hub once closed).
 *
 * <p>Thread-safe: a page is added when its hello is welcomed (from the hub's thread) and removed
 * when its connection ends or a newer page takes the name (on its own sequence).
 */
public final class Seed003Names {
    private static final Map<Hub, Seed003Names> BY_HUB = Collections.synchronizedMap(new WeakHashMap<>());

    /** At most one per name: the page that holds it now. Bounded by the sessions of this node. */
    private final Map<String, Seed003Dialect> byKey = new ConcurrentHashMap<>();

    Seed003Names() {}

    /** The registry of this hub's seed 003 pages. */
    public static Seed003Names of(Hub hub) {
        return BY_HUB.computeIfAbsent(hub, h -> new Seed003Names());
    }

    void hold(String key, Seed003Dialect page) {
        byKey.put(key, page);
    }

    /** The seed page holding this name on this node, or null. */
    Seed003Dialect holder(String key) {
        return byKey.get(key);
    }

    void release(String key, Seed003Dialect page) {
        byKey.remove(key, page);
    }

    /** How many seed 003 pages are online here (for tests and metrics). */
    public int size() {
        return byKey.size();
    }
}
