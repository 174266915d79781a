package dev.parley.cluster.redis;

import dev.parley.cluster.redis.Scripts.Script;
import dev.parley.core.Session;
import dev.parley.core.Switchboard;
import dev.parley.protocol.HangupReason;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.CallPeerAway;
import dev.parley.protocol.ServerMessage.CallPeerBack;
import dev.parley.protocol.ServerMessage.HungUp;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Locale;

/**
 * Direct calls in Redis: each step is one script (ring.lua, accept.lua, reject.lua, hangup.lua,
 * call_signal.lua, ring_timeout.lua, party_gone.lua, party_away.lua, with the helpers of calls.lua)
 * that checks and changes the call and appends what the other party hears to its node's inbox. So
 * Redis orders a call's steps as a call's monitor does on one node, and the acting session's reply,
 * sent here after its script, is kept ahead of whatever its script caused by {@link Inbox#hold}.
 *
 * <p>Keys, all under the {@code {parley}} hash tag:
 * <ul>
 *   <li>{@code {parley}:c:<call>}, a hash: {@code caller} and {@code callee} (session ids),
 *       {@code state} ({@code ringing} or {@code active}), and per party {@code p} what the other
 *       hears when {@code p} goes: {@code gone:<p>} (hung-up, disconnected), {@code away:<p>}
 *       (call-peer-away), {@code back:<p>} (call-peer-back), encoded when the call rings so a later
 *       step needs neither names nor call ids (nor a node that knows them, a reaper say). Deleted
 *       when the call ends.
 *   <li>{@code {parley}:s:<session>:call}, a string: the session's call slot, the id of its call;
 *       deleted when the call ends (a slot naming a call that no longer exists counts as free).
 *       {@code gone} once the session has ended, so nobody rings it between the end and
 *       unregister.lua, which deletes it (it also expires after a minute).
 *   <li>{@code {parley}:calls}, a set: ids of calls ringing or active, for {@link #count}.
 * </ul>
 *
 * <p>The ring timer is the caller's node's ({@code Calls}); ring_timeout.lua only ends a call that
 * still rings, so a timer nobody cancels (the call was answered on another node) does nothing.
 *
 * <p>Each script returns what it did, and does nothing twice: a command that failed (its outcome
 * unknown) fails the request, and a ring of unknown outcome still gets its timer; a replayed
 * ring finds its call and says it rang, without ringing again; other replayed steps find the
 * state they left and say so (a replayed accept: not ringing).
 */
final class RedisSwitchboard implements Switchboard {
    private final RedisCommands<String, String> redis;
    private final Inbox inbox;

    RedisSwitchboard(RedisCommands<String, String> redis, Inbox inbox) {
        this.redis = redis;
        this.inbox = inbox;
    }

    @Override
    public Outcome ring(Session caller, Peer callee, String call, ServerMessage incoming, Runnable ringing) {
        return step(caller, ringing, Script.RING, call, caller.id(), callee.id(), encode(incoming),
                gone(call, caller.name()), away(call, caller.name()), back(call, caller.name()),
                gone(call, callee.name()), away(call, callee.name()), back(call, callee.name()));
    }

    @Override
    public Outcome accept(Session callee, String call, ServerMessage accepted, Runnable reply) {
        return step(callee, reply, Script.ACCEPT, call, callee.id(), encode(accepted));
    }

    @Override
    public Outcome reject(Session callee, String call, ServerMessage rejected, Runnable reply) {
        return step(callee, reply, Script.REJECT, call, callee.id(), encode(rejected));
    }

    @Override
    public Outcome hangUp(Session party, String call, ServerMessage hungUp, Runnable reply) {
        return step(party, reply, Script.HANGUP, call, party.id(), encode(hungUp));
    }

    @Override
    public Outcome signal(Session party, String call, ServerMessage signal) {
        return outcome(Scripts.word(redis, Script.CALL_SIGNAL, call, party.id(), encode(signal)));
    }

    @Override
    public boolean timeOut(String call, ServerMessage timedOut) {
        return Scripts.number(redis, Script.RING_TIMEOUT, call, encode(timedOut)) == 1;
    }

    /** Never fails for want of Redis (false then): a call left behind is hung up by the resync ending the session there. */
    @Override
    public boolean hangUpGone(Session s) {
        try {
            return Scripts.number(redis, Script.PARTY_GONE, s.id()) == 1;
        } catch (dev.parley.core.SharedStateUnavailable e) {
            return false;
        }
    }

    /** Best effort: a lost connection must not fail for want of Redis. */
    @Override
    public void away(Session s, boolean away) {
        Gate.quietly(() -> Scripts.number(redis, Script.PARTY_AWAY, s.id(), away ? "away" : "back"));
    }

    @Override
    public int count() {
        return Math.toIntExact(redis.scard(Keys.CALLS));
    }

    /** Runs a step of {@code actor}'s and, if it acted, its reply, before anything the step caused reaches it. */
    private Outcome step(Session actor, Runnable reply, Script script, String... args) {
        inbox.hold(actor.id());
        try {
            Outcome outcome = outcome(Scripts.word(redis, script, args));
            if (outcome == Outcome.DONE) reply.run();
            return outcome;
        } finally {
            inbox.release(actor.id());
        }
    }

    /** The scripts' words are the outcomes' names in lower case, with dashes. */
    private static Outcome outcome(String word) {
        return Outcome.valueOf(word.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private static String gone(String call, String name) {
        return encode(new HungUp(call, name, HangupReason.DISCONNECTED));
    }

    private static String away(String call, String name) {
        return encode(new CallPeerAway(call, name));
    }

    private static String back(String call, String name) {
        return encode(new CallPeerBack(call, name));
    }

    private static String encode(ServerMessage message) {
        return RedisRoomSeats.encode(message);
    }
}
