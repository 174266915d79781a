package dev.parley.core;

import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage;

/**
 * Direct calls' shared state: each named session's call slot (at most one call, ringing or active)
 * and each call's parties and state, in this process's memory ({@link LocalSwitchboard}) or in a
 * store every node of a cluster shares. The core checks what the acting session's own view tells
 * (a name, its access, its rate); an implementation keeps the truth and tells the other party.
 *
 * <p>Order is the contract: each method is one step that no other step on the same call or slot
 * interleaves with, and both parties hear a call's messages in the order of those steps. The acting
 * session's reply ({@code reply}) runs inside its step, so it comes before anything a later step
 * causes: the caller hears {@code ringing} before the callee's {@code accepted} or {@code rejected},
 * the callee its {@code accepted} before the caller's first {@code call-signal}. The acting session
 * is always on this node; the other party may be anywhere.
 *
 * <p>Where a step finds no call to act on, it changes nothing and says why ({@link Outcome}).
 */
public interface Switchboard {
    /** How a step went: {@link #DONE}, or why it changed nothing. */
    enum Outcome {
        DONE,
        /** {@link #ring}: the caller is in a call already. */
        CALLER_BUSY,
        /** {@link #ring}: the callee is in another call. */
        BUSY,
        /** {@link #ring}: the callee's session has ended, or is ending. */
        OFFLINE,
        /** The call has ended, never was, or is not the acting session's. */
        NO_SUCH_CALL,
        /** Only the callee may accept or reject. */
        NOT_CALLEE,
        /** Accept and reject are for a ringing call. */
        NOT_RINGING,
        /** Signals are for an accepted call. */
        NOT_ACTIVE
    }

    /**
     * Claims the slots of {@code caller}, then of {@code callee} (a named session found in the
     * directory), for a new ringing call {@code call}; on success, in the same step, runs
     * {@code ringing} (the reply) and tells the callee {@code incoming}. The core ends the call
     * with {@link #timeOut} if nobody answers.
     */
    Outcome ring(Session caller, Peer callee, String call, ServerMessage incoming, Runnable ringing);

    /** The callee answers a ringing call: tells the caller {@code accepted} and runs {@code reply}. */
    Outcome accept(Session callee, String call, ServerMessage accepted, Runnable reply);

    /** The callee turns down a ringing call, which ends: tells the caller {@code rejected} and runs {@code reply}. */
    Outcome reject(Session callee, String call, ServerMessage rejected, Runnable reply);

    /** A party ends the call, ringing or active: tells the other {@code hungUp} and runs {@code reply}. */
    Outcome hangUp(Session party, String call, ServerMessage hungUp, Runnable reply);

    /** Relays {@code signal} to the other party of an accepted call. */
    Outcome signal(Session party, String call, ServerMessage signal);

    /** Ends the call if it still rings, telling both parties {@code timedOut}; false if it does not. */
    boolean timeOut(String call, ServerMessage timedOut);

    /**
     * The session has ended: from now on nobody can ring it, and the call it was in, if any, ends;
     * the other party hears {@code hung-up} with this session's name and reason
     * {@code disconnected}. True if a call ended.
     */
    boolean hangUpGone(Session s);

    /**
     * Tells the other party of the session's call, if any, {@code call-peer-away} (its connection
     * dropped) or {@code call-peer-back} (it resumed), with this session's name.
     */
    void away(Session s, boolean away);

    /** Calls ringing or active (in a cluster: everywhere). */
    int count();
}
