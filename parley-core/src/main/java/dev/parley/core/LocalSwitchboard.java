package dev.parley.core;

import dev.parley.protocol.HangupReason;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.CallPeerAway;
import dev.parley.protocol.ServerMessage.CallPeerBack;
import dev.parley.protocol.ServerMessage.HungUp;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls in this process's memory (see {@link Switchboard}). A session's {@link Session#call} slot
 * is claimed by compare-and-set, for both parties before anyone is rung, so two callers racing for
 * one callee cannot both ring it. Everything after that happens under the call's monitor (see
 * {@link Call}), which is the step that orders everything about it.
 */
final class LocalSwitchboard implements Switchboard {
    /** Calls ringing or active, by id; an entry goes when its call ends. */
    private final ConcurrentHashMap<String, Call> calls = new ConcurrentHashMap<>();
    private final LocalSessions local;

    LocalSwitchboard(LocalSessions local) {
        this.local = local;
    }

    @Override
    public Outcome ring(Session caller, Peer callee, String id, ServerMessage incoming, Runnable ringing) {
        Session to = local.session(callee.id());
        if (to == null) return Outcome.OFFLINE;
        Call call = new Call(id, caller, to);
        // Held from the first claim on, so a callee disconnecting meanwhile hangs up only after the reply.
        synchronized (call) {
            if (!caller.call.compareAndSet(null, call)) return Outcome.CALLER_BUSY;
            if (!to.call.compareAndSet(null, call)) {
                caller.call.compareAndSet(call, null);
                return to.call.get() == Call.GONE ? Outcome.OFFLINE : Outcome.BUSY;
            }
            calls.put(id, call);
            ringing.run();
            to.send(incoming);
        }
        return Outcome.DONE;
    }

    @Override
    public Outcome accept(Session s, String id, ServerMessage accepted, Runnable reply) {
        Call call = calls.get(id);
        if (call == null) return Outcome.NO_SUCH_CALL;
        synchronized (call) {
            Outcome ringing = ringing(call, s);
            if (ringing != Outcome.DONE) return ringing;
            call.activate();
            call.caller.send(accepted);
            reply.run();
        }
        return Outcome.DONE;
    }

    @Override
    public Outcome reject(Session s, String id, ServerMessage rejected, Runnable reply) {
        Call call = calls.get(id);
        if (call == null) return Outcome.NO_SUCH_CALL;
        synchronized (call) {
            Outcome ringing = ringing(call, s);
            if (ringing != Outcome.DONE) return ringing;
            end(call, s, rejected, reply);
        }
        return Outcome.DONE;
    }

    @Override
    public Outcome hangUp(Session s, String id, ServerMessage hungUp, Runnable reply) {
        Call call = calls.get(id);
        if (call == null) return Outcome.NO_SUCH_CALL;
        synchronized (call) {
            if (!call.hasParty(s) || call.state() == Call.State.ENDED) return Outcome.NO_SUCH_CALL;
            end(call, s, hungUp, reply);
        }
        return Outcome.DONE;
    }

    @Override
    public Outcome signal(Session s, String id, ServerMessage signal) {
        Call call = calls.get(id);
        if (call == null) return Outcome.NO_SUCH_CALL;
        synchronized (call) {
            if (!call.hasParty(s) || call.state() == Call.State.ENDED) return Outcome.NO_SUCH_CALL;
            if (call.state() != Call.State.ACTIVE) return Outcome.NOT_ACTIVE;
            call.other(s).send(signal);
        }
        return Outcome.DONE;
    }

    @Override
    public boolean timeOut(String id, ServerMessage timedOut) {
        Call call = calls.get(id);
        if (call == null) return false;
        synchronized (call) {
            if (call.state() != Call.State.RINGING) return false;
            end(call, null, timedOut, null);
        }
        return true;
    }

    @Override
    public boolean hangUpGone(Session s) {
        Call call = s.call.getAndSet(Call.GONE);
        if (call == null || call == Call.GONE) return false;
        synchronized (call) {
            if (call.state() == Call.State.ENDED) return false;
            HungUp hungUp = new HungUp(call.id, s.name(), HangupReason.DISCONNECTED);
            end(call, s, hungUp, () -> s.send(hungUp));
        }
        return true;
    }

    @Override
    public void away(Session s, boolean away) {
        Call call = s.call.get();
        if (call == null || call == Call.GONE) return;
        synchronized (call) {
            if (call.state() == Call.State.ENDED) return;
            call.other(s).send(away ? new CallPeerAway(call.id, s.name()) : new CallPeerBack(call.id, s.name()));
        }
    }

    @Override
    public int count() {
        return calls.size();
    }

    /** Under the call's monitor: ends it, frees both slots and tells both parties; {@code by} (if any) hears it through {@code reply}. */
    private void end(Call call, Session by, ServerMessage message, Runnable reply) {
        call.end();
        calls.remove(call.id, call);
        call.caller.call.compareAndSet(call, null);
        call.callee.call.compareAndSet(call, null);
        for (Session party : new Session[] {call.caller, call.callee}) {
            if (party == by) reply.run();
            else party.send(message);
        }
    }

    /** Under the call's monitor: whether {@code s} may accept or reject it now. */
    private static Outcome ringing(Call call, Session s) {
        if (!call.hasParty(s) || call.state() == Call.State.ENDED) return Outcome.NO_SUCH_CALL;
        if (s != call.callee) return Outcome.NOT_CALLEE;
        if (call.state() != Call.State.RINGING) return Outcome.NOT_RINGING;
        return Outcome.DONE;
    }
}
