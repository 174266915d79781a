package dev.parley.core;

import dev.parley.protocol.ServerFrame;

/**
 * A copy of each acknowledging session's numbered frames where another node finds them if this
 * node dies: what lets its client resume there without a loss. Nothing in memory (one node); a
 * cluster keeps them in its shared store until the client has them. Called under a session
 * outbox's lock, in the order the frames go out: implementations only enqueue.
 */
public interface FrameMirror {
    FrameMirror NONE = new FrameMirror() {
        @Override
        public void sent(String sessionId, long number, ServerFrame frame) { }

        @Override
        public void forget(String sessionId, long number) { }
    };

    /** Frame {@code number} (counted from 1 after {@code welcome}) went to the session, or waits for it. */
    void sent(String sessionId, long number, ServerFrame frame);

    /**
     * The copies of every frame up to {@code number} may go: the client has them (it acknowledged),
     * or the session's backlog dropped them unacknowledged (past its bounds), so no resume can use
     * them. The copies are so never more than the backlog the node itself may keep.
     */
    void forget(String sessionId, long number);
}
