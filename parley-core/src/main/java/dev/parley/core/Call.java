package dev.parley.core;

/**
 * One direct call between two named sessions, as {@link LocalSwitchboard} keeps it. Its state and
 * every message about it are guarded by the call's own monitor, so accept, reject, hang-up,
 * time-out and disconnect cannot interleave: exactly one of them ends a ringing call, and both
 * parties hear the same story.
 */
final class Call {
    enum State { RINGING, ACTIVE, ENDED }

    /** Marks a closed session's call slot, so no new call can claim it. */
    static final Call GONE = new Call(null, null, null);

    final String id;
    final Session caller;
    final Session callee;

    /** Guarded by {@code this}. */
    private State state = State.RINGING;

    Call(String id, Session caller, Session callee) {
        this.id = id;
        this.caller = caller;
        this.callee = callee;
    }

    // All methods below are called with the monitor held.

    State state() {
        return state;
    }

    void activate() {
        state = State.ACTIVE;
    }

    void end() {
        state = State.ENDED;
    }

    Session other(Session s) {
        return s == caller ? callee : caller;
    }

    boolean hasParty(Session s) {
        return s == caller || s == callee;
    }
}
