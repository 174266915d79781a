package dev.parley.core;

import dev.parley.protocol.ServerMessage;

/**
 * This node's sessions, as a shared-state implementation reaches them: by id, to deliver what
 * other nodes sent. Calls only enqueue (see {@link Outbox}), from any thread.
 */
public interface LocalSessions {
    /** Sends {@code message} to the session with this id if it is on this node (held away too); false if it is not. */
    boolean deliver(String sessionId, ServerMessage message);


    /** This node's greeted, open session with this id (held away too), or null. */
    Session session(String sessionId);

    /** Sets a session of this node aside for another node: see {@link NodeSessions#park}. */
    ParkedSession park(String sessionId);

    /** Ends a session set aside that nobody took over in time: see {@link NodeSessions#end}. */
    void end(ParkedSession session);

    /**
     * Drops a session from this node without ending it in the shared state (which holds it
     * elsewhere, or lost it), telling its client to reconnect: see {@link NodeSessions#evict}.
     */
    void evict(String sessionId, String why);

    /** Ends a session of this node now (its rooms, call and name go), telling its client to connect again (1013). */
    void endNow(String sessionId, String why);

    /** This node's sessions (held away too), by id. */
    java.util.List<String> sessionIds();
}
