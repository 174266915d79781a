package dev.parley.core;

import dev.parley.protocol.ServerFrame;

/**
 * Where a session's outgoing frames go; the transport implements it. The core calls it from
 * whichever thread caused the message, often while holding a room or call lock, so an
 * implementation must only enqueue: never block, never call back into the core.
 */
public interface Outbox {
    /**
     * Queues one frame. Frames must leave in the order of these calls. After the connection has
     * gone, frames are silently dropped.
     */
    void deliver(ServerFrame frame);

    /**
     * Ends the connection for a policy reason (WebSocket close 1008 with this text) after the frames
     * already queued; the transport then reports the session closed as for any disconnect.
     */
    void closeForPolicy(String reason);

    /**
     * Ends the connection because a new connection resumed its session (WebSocket close 4001): the
     * client should not reconnect. The transport then reports it gone as for any lost connection.
     */
    default void closeReplaced() {
        closeForPolicy("session taken over by a new connection");
    }

    /**
     * Ends the connection because the server has no room for its session (WebSocket close 1013,
     * try again later, with this text). The transport then reports the session closed.
     */
    default void closeTryAgainLater(String reason) {
        closeForPolicy(reason);
    }
}
