package dev.parley.core;

import dev.parley.core.Switchboard.Outcome;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.HangupReason;
import dev.parley.protocol.Payload;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Accepted;
import dev.parley.protocol.ServerMessage.CallSignal;
import dev.parley.protocol.ServerMessage.HungUp;
import dev.parley.protocol.ServerMessage.Incoming;
import dev.parley.protocol.ServerMessage.Rejected;
import dev.parley.protocol.ServerMessage.Ringing;
import dev.parley.protocol.ServerMessage.TimedOut;
import dev.parley.protocol.ServerMessage.Unavailable;
import dev.parley.protocol.UnavailableReason;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct calls by user name (seed 003): ring, accept or reject, hang up, time out. This checks what
 * the session's own view tells (it has a name, it does not call itself) and says what each step
 * means on the wire; the calls themselves, one per session at most, are the {@link Switchboard}'s.
 *
 * <p>Every message that changes a call goes to both parties; the party whose request caused it gets
 * it as the reply to that request. The ring timer runs on this node, the caller's; its step only
 * acts on a call that still rings.
 */
final class Calls {
    private static final Logger log = LoggerFactory.getLogger(Calls.class);
    private static final String DEFAULT_REJECT_REASON = "declined";

    private final Switchboard switchboard;
    private final NameDirectory directory;
    private final ScheduledExecutorService timers;
    private final Duration ringTimeout;
    private final HubMetrics metrics;

    Calls(Switchboard switchboard, NameDirectory directory, ScheduledExecutorService timers, Duration ringTimeout, HubMetrics metrics) {
        this.switchboard = switchboard;
        this.directory = directory;
        this.timers = timers;
        this.ringTimeout = ringTimeout;
        this.metrics = metrics;
    }

    /**
     * Rings {@code to}. {@code resume} (or null) is passed on to the callee as the caller says it:
     * the server cannot know the call it lost, and only the callee's client, which does, decides
     * whether to take the new call as the old one going on.
     */
    void call(Session caller, String to, String resume, String ref) {
        if (caller.name() == null) throw new ProtocolException(ErrorCode.NAME_REQUIRED, "say a name in hello to place calls");
        Peer callee = directory.find(to);
        if (callee != null && callee.id().equals(caller.id())) throw new ProtocolException(ErrorCode.SELF_CALL, "you cannot call yourself");
        if (callee == null) {
            unavailable(caller, ref, to, UnavailableReason.OFFLINE);
            return;
        }
        String id = Ids.next();
        Outcome outcome;
        try {
            outcome = switchboard.ring(caller, callee, id, new Incoming(id, caller.name(), resume),
                    () -> caller.reply(ref, new Ringing(id, callee.name())));
        } catch (RuntimeException e) {
            // The step's outcome is unknown (a shared store failed mid-step): if the call rings, it still ends.
            ringFor(id);
            throw e;
        }
        switch (outcome) {
            case DONE -> {
                ringFor(id);
                log.info("call {}: {} rings {}", id, caller, callee.id());
            }
            case CALLER_BUSY -> throw new ProtocolException(ErrorCode.ALREADY_IN_CALL, "you are already in a call; hang up first");
            case BUSY, OFFLINE -> {
                var reason = outcome == Outcome.BUSY ? UnavailableReason.BUSY : UnavailableReason.OFFLINE;
                unavailable(caller, ref, to, reason);
                log.info("call: {} -> {} unavailable ({})", caller, callee.id(), reason.wire());
            }
            default -> throw new IllegalStateException("ring: " + outcome);
        }
    }

    void accept(Session s, String callId, String ref) {
        Accepted accepted = new Accepted(callId);
        require(switchboard.accept(s, callId, accepted, () -> reply(s, ref, accepted, "accepted")), callId);
        log.info("call {}: accepted", callId);
    }

    void reject(Session s, String callId, String reason, String ref) {
        Rejected rejected = new Rejected(callId, reason == null ? DEFAULT_REJECT_REASON : reason);
        require(switchboard.reject(s, callId, rejected, () -> reply(s, ref, rejected, "rejected")), callId);
        log.info("call {}: rejected", callId);
    }

    void hangup(Session s, String callId, String ref) {
        HungUp hungUp = new HungUp(callId, s.name(), HangupReason.HANGUP);
        require(switchboard.hangUp(s, callId, hungUp, () -> reply(s, ref, hungUp, HangupReason.HANGUP.wire())), callId);
        log.info("call {}: {} hung up", callId, s);
    }

    void signal(Session s, String callId, Payload data) {
        require(switchboard.signal(s, callId, new CallSignal(callId, s.name(), data)), callId);
    }

    /** A disconnect hangs up, and no call can ring the session afterwards. Only named sessions take part in calls. */
    void disconnected(Session s) {
        if (s.name() == null || !switchboard.hangUpGone(s)) return;
        metrics.callOutcome(HangupReason.DISCONNECTED.wire());
        log.info("call of {}: hung up, disconnected", s);
    }

    /** Tells the other party of the session's call, if any, that its connection dropped or came back. */
    void away(Session s, boolean away) {
        if (s.name() != null) switchboard.away(s, away);
    }

    int count() {
        return switchboard.count();
    }

    private void ringFor(String id) {
        timers.schedule(() -> timeOut(id), ringTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void timeOut(String id) {
        try {
            if (!switchboard.timeOut(id, new TimedOut(id))) return;
        } catch (RuntimeException e) {
            log.warn("call {}: could not time out: {}", id, e.toString());
            return;
        }
        metrics.callOutcome("timeout");
        log.info("call {}: nobody answered within {} s", id, ringTimeout.toSeconds());
    }

    private void unavailable(Session caller, String ref, String to, UnavailableReason reason) {
        metrics.callOutcome(reason.wire());
        caller.reply(ref, new Unavailable(to, reason));
    }

    /** The reply of a step that changed the call, counted before it goes out (as it happened). */
    private void reply(Session s, String ref, ServerMessage message, String outcome) {
        metrics.callOutcome(outcome);
        s.reply(ref, message);
    }

    /** Turns a step that changed nothing into the error its request gets. */
    private static void require(Outcome outcome, String callId) {
        switch (outcome) {
            case DONE -> { }
            case NO_SUCH_CALL -> throw new ProtocolException(ErrorCode.NO_SUCH_CALL, "no call '" + callId + "' of yours is going on");
            case NOT_CALLEE -> throw new ProtocolException(ErrorCode.NOT_CALLEE, "only the callee can accept or reject a call");
            case NOT_RINGING -> throw new ProtocolException(ErrorCode.CALL_NOT_RINGING, "call '" + callId + "' was already accepted");
            case NOT_ACTIVE -> throw new ProtocolException(ErrorCode.CALL_NOT_ACTIVE, "call '" + callId + "' has not been accepted yet");
            default -> throw new IllegalStateException("call " + callId + ": " + outcome);
        }
    }
}
