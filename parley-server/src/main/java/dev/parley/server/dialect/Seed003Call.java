package dev.parley.server.dialect;

import java.util.ArrayDeque;

/**
 * The direct call a seed 003 page is in, as its dialect follows it from both sides: what the page
 * sends (which names the other user, never the call) and what the hub says about the call (which
 * names the call). Also the peers of the last calls, whose late messages are dropped quietly.
 *
 * <p>Thread-safe: the page's messages come on its connection's sequence, the hub's from any
 * thread, often under the core's locks; every method holds this object's monitor, a leaf lock
 * (nothing is called while holding it).
 */
final class Seed003Call {
    /** Peers of calls that ended, whose late messages are dropped quietly. */
    static final int RECENT_PEERS = 4;

    enum Phase {
        /** The page sent call_start; the hub has not answered yet. */
        DIALING,
        /** This page's call rings the other. */
        RINGING_OUT,
        /** Another's call rings this page. */
        RINGING_IN,
        ACTIVE
    }

    /** A call: {@code id} is null while dialing; {@code peer} as this side names it, {@code peerKey} its {@code Names.key}. */
    record State(Phase phase, String id, String peer, String peerKey) {
        State to(Phase next, String callId) {
            return new State(next, callId, peer, peerKey);
        }

        boolean with(String key) {
            return key != null && key.equals(peerKey);
        }

        boolean is(String callId) {
            return callId.equals(id);
        }
    }

    /** What to do with the page's call_start. */
    enum Dial { FORWARD, QUIET, IN_CALL, UNREACHABLE }

    /** Null outside a call. */
    private State call;
    /** Keys of the last calls' peers, newest first. */
    private final ArrayDeque<String> recentPeers = new ArrayDeque<>(RECENT_PEERS + 1);

    // ---- the page

    /** call_start to {@code to} (key null: it cannot be a name); FORWARD means the call is now dialing. */
    synchronized Dial dial(String to, String toKey) {
        if (call != null) return call.with(toKey) ? Dial.QUIET : Dial.IN_CALL;
        if (toKey == null) return Dial.UNREACHABLE;
        call = new State(Phase.DIALING, null, to, toKey);
        return Dial.FORWARD;
    }

    /** The call with {@code toKey} once the hub has named it, or null. */
    synchronized State with(String toKey) {
        return call != null && call.id != null && call.with(toKey) ? call : null;
    }

    /** Whether a message to {@code toKey} outside its call is about the call in progress or one just over. */
    synchronized boolean quiet(String toKey) {
        return toKey != null && ((call != null && call.with(toKey)) || recentPeers.contains(toKey));
    }

    // ---- the hub

    synchronized void ringing(String id) {
        if (call != null && call.phase == Phase.DIALING) call = call.to(Phase.RINGING_OUT, id);
    }

    synchronized void incoming(String id, String from, String fromKey) {
        call = new State(Phase.RINGING_IN, id, from, fromKey);
    }

    /** The dial failed: true (and the call is over) if it was still dialing; false if a call rang this page meanwhile. */
    synchronized boolean dialFailed() {
        if (call == null || call.phase != Phase.DIALING) return false;
        end();
        return true;
    }

    /** The call {@code id} was accepted: the state it was in, or null if it is not this page's call. */
    synchronized State accepted(String id) {
        if (call == null || !call.is(id)) return null;
        State was = call;
        call = call.to(Phase.ACTIVE, id);
        return was;
    }

    /** The call {@code id} ended (rejected, hung up, timed out): the state it was in, or null if it is not this page's call. */
    synchronized State ended(String id) {
        if (call == null || !call.is(id)) return null;
        State was = call;
        end();
        return was;
    }

    /** The peer of call {@code id} if it is this page's active call, else null. */
    synchronized String activePeer(String id) {
        return call != null && call.phase == Phase.ACTIVE && call.is(id) ? call.peer : null;
    }

    private void end() {
        if (call.peerKey != null) {
            recentPeers.remove(call.peerKey);
            recentPeers.addFirst(call.peerKey);
            if (recentPeers.size() > RECENT_PEERS) recentPeers.removeLast();
        }
        call = null;
    }
}
