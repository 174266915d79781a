package dev.parley.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Sessions whose connection dropped, waiting to be resumed. Taking one out is what hands its
 * inbound sequence (see {@link Hub}) to the next owner: the connection that resumes it, or the
 * timer that ends it. Only one of them can.
 */
final class AwaySessions {
    /** Guarded by {@code this}. */
    private final Map<String, Session> byId = new HashMap<>();

    synchronized void hold(Session s) {
        s.setAway(true);
        byId.put(s.id(), s);
    }

    /** Takes the session out if it is still held; true means the caller now owns it. */
    synchronized boolean take(Session s) {
        if (!byId.remove(s.id(), s)) return false;
        s.setAway(false);
        return true;
    }

    synchronized int count() {
        return byId.size();
    }
}
