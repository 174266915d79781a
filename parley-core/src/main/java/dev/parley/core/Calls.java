package dev.parley.core;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.HangupReason;
import dev.parley.protocol.Payload;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Accepted;
import dev.parley.protocol.ServerMessage.CallSignal;
import dev.parley.protocol.ServerMessage.CallPeerAway;
import dev.parley.protocol.ServerMessage.CallPeerBack;
import dev.parley.protocol.ServerMessage.HungUp;
import dev.parley.protocol.ServerMessage.Incoming;
import dev.parley.protocol.ServerMessage.Rejected;
import dev.parley.protocol.ServerMessage.Ringing;
import dev.parley.protocol.ServerMessage.TimedOut;
import dev.parley.protocol.ServerMessage.Unavailable;
import dev.parley.protocol.UnavailableReason;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct calls by user name (seed 003): ring, accept or reject, hang up, time out. A session is in
 * at most one call at a time; its {@link Session#call} slot is claimed by compare-and-set, for
 * both parties before anyone is rung, so two callers racing for one callee cannot both ring it.
 * Everything after that happens under the call's monitor (see {@link Call}).
 *
 * <p>Every message that changes a call goes to both parties; the party whose request caused it gets
 * it as the reply to that request.
 */
final class Calls {
    private static final Logger log = LoggerFactory.getLogger(Calls.class);
    private static final String DEFAULT_REJECT_REASON = "declined";

    private final ConcurrentHashMap<String, Call> calls = new ConcurrentHashMap<>();
    private final NameDirectory directory;
    /** This node's greeted sessions by id: calls are between sessions on one node for now. */
    private final java.util.function.Function<String, Session> local;
    private final ScheduledExecutorService timers;
    private final Duration ringTimeout;

    private final HubMetrics metrics;

    Calls(NameDirectory directory, java.util.function.Function<String, Session> local, ScheduledExecutorService timers,
          Duration ringTimeout, HubMetrics metrics) {
        this.local = local;
        this.metrics = metrics;
        this.directory = directory;
        this.timers = timers;
        this.ringTimeout = ringTimeout;
    }

    /**
     * Rings {@code to}. {@code resume} (or null) is passed on to the callee as the caller says it:
     * the server cannot know the call it lost, and only the callee's client, which does, decides
     * whether to take the new call as the old one going on.
     */
    void call(Session caller, String to, String resume, String ref) {
        if (caller.name() == null) throw new ProtocolException(ErrorCode.NAME_REQUIRED, "say a name in hello to place calls");
        dev.parley.protocol.Peer found = directory.find(to);
        Session callee = found == null ? null : local.apply(found.id());
        if (callee == caller) throw new ProtocolException(ErrorCode.SELF_CALL, "you cannot call yourself");
        if (callee == null) {
            metrics.callOutcome("offline");
            caller.reply(ref, new Unavailable(to, UnavailableReason.OFFLINE));
            return;
        }
        Call call = new Call(Ids.next(), caller, callee);
        // Held from the first claim on, so a callee disconnecting meanwhile hangs up only after "ringing".
        synchronized (call) {
            if (!caller.call.compareAndSet(null, call)) {
                throw new ProtocolException(ErrorCode.ALREADY_IN_CALL, "you are already in a call; hang up first");
            }
            if (!callee.call.compareAndSet(null, call)) {
                caller.call.compareAndSet(call, null);
                var reason = callee.call.get() == Call.GONE ? UnavailableReason.OFFLINE : UnavailableReason.BUSY;
                metrics.callOutcome(reason.wire());
                caller.reply(ref, new Unavailable(to, reason));
                log.info("call: {} -> {} unavailable ({})", caller, callee, reason.wire());
                return;
            }
            calls.put(call.id, call);
            caller.reply(ref, new Ringing(call.id, callee.name()));
            callee.send(new Incoming(call.id, caller.name(), resume));
            call.ringUntil(timers.schedule(() -> timeOut(call), ringTimeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        log.info("call {}: {} rings {}", call.id, caller, callee);
    }

    void accept(Session s, String callId, String ref) {
        Call call = callOf(s, callId);
        synchronized (call) {
            requireRinging(call, s);
            call.activate();
            metrics.callOutcome("accepted");
            call.caller.send(new Accepted(call.id));
            s.reply(ref, new Accepted(call.id));
        }
        log.info("call {}: accepted", call.id);
    }

    void reject(Session s, String callId, String reason, String ref) {
        Call call = callOf(s, callId);
        synchronized (call) {
            requireRinging(call, s);
            end(call, s, ref, new Rejected(call.id, reason == null ? DEFAULT_REJECT_REASON : reason));
        }
        log.info("call {}: rejected", call.id);
    }

    void hangup(Session s, String callId, String ref) {
        Call call = callOf(s, callId);
        synchronized (call) {
            requireNotEnded(call);
            end(call, s, ref, new HungUp(call.id, s.name(), HangupReason.HANGUP));
        }
        log.info("call {}: {} hung up", call.id, s);
    }

    void signal(Session s, String callId, Payload data) {
        Call call = callOf(s, callId);
        synchronized (call) {
            requireNotEnded(call);
            if (call.state() != Call.State.ACTIVE) {
                throw new ProtocolException(ErrorCode.CALL_NOT_ACTIVE, "call '" + callId + "' has not been accepted yet");
            }
            call.other(s).send(new CallSignal(call.id, s.name(), data));
        }
    }

    /** A disconnect hangs up, and no call can ring the session afterwards. */
    void disconnected(Session s) {
        Call call = s.call.getAndSet(Call.GONE);
        if (call == null) return;
        synchronized (call) {
            if (call.state() == Call.State.ENDED) return;
            end(call, s, null, new HungUp(call.id, s.name(), HangupReason.DISCONNECTED));
        }
        log.info("call {}: {} disconnected", call.id, s);
    }

    /** Tells the other party of the session's call, if any, that its connection dropped or came back. */
    void away(Session s, boolean away) {
        Call call = s.call.get();
        if (call == null || call == Call.GONE) return;
        synchronized (call) {
            if (call.state() == Call.State.ENDED) return;
            call.other(s).send(away ? new CallPeerAway(call.id, s.name()) : new CallPeerBack(call.id, s.name()));
        }
    }

    int count() {
        return calls.size();
    }

    private void timeOut(Call call) {
        synchronized (call) {
            if (call.state() != Call.State.RINGING) return;
            end(call, null, null, new TimedOut(call.id));
        }
        log.info("call {}: nobody answered within {} s", call.id, ringTimeout.toSeconds());
    }

    /** Ends the call and tells both parties; {@code by} (if any) gets it as the reply to {@code ref}. */
    private void end(Call call, Session by, String ref, ServerMessage message) {
        call.end();
        metrics.callOutcome(switch (message) {
            case Rejected r -> "rejected";
            case TimedOut t -> "timeout";
            case HungUp h -> h.reason().wire();
            default -> message.type();
        });
        calls.remove(call.id, call);
        call.caller.call.compareAndSet(call, null);
        call.callee.call.compareAndSet(call, null);
        for (Session party : new Session[] {call.caller, call.callee}) {
            if (party == by) party.reply(ref, message);
            else party.send(message);
        }
    }

    /** The call, if it exists and {@code s} is a party to it; to anyone else it does not exist. */
    private Call callOf(Session s, String callId) {
        Call call = calls.get(callId);
        if (call == null || !call.hasParty(s)) throw noSuchCall(callId);
        return call;
    }

    private static void requireNotEnded(Call call) {
        if (call.state() == Call.State.ENDED) throw noSuchCall(call.id);
    }

    private static void requireRinging(Call call, Session s) {
        requireNotEnded(call);
        if (s != call.callee) throw new ProtocolException(ErrorCode.NOT_CALLEE, "only the callee can accept or reject a call");
        if (call.state() != Call.State.RINGING) {
            throw new ProtocolException(ErrorCode.CALL_NOT_RINGING, "call '" + call.id + "' was already accepted");
        }
    }

    private static ProtocolException noSuchCall(String callId) {
        return new ProtocolException(ErrorCode.NO_SUCH_CALL, "no call '" + callId + "' of yours is going on");
    }
}
