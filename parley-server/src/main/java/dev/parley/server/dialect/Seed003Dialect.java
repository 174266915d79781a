package dev.parley.server.dialect;

import dev.parley.core.Names;
import dev.parley.protocol.ClientMessage.Accept;
import dev.parley.protocol.ClientMessage.Call;
import dev.parley.protocol.ClientMessage.Hangup;
import dev.parley.protocol.ClientMessage.Hello;
import dev.parley.protocol.ClientMessage.Reject;
import dev.parley.protocol.ClientMessage.SendCallSignal;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FieldRules;
import dev.parley.protocol.HangupReason;
import dev.parley.protocol.Payload;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage.Accepted;
import dev.parley.protocol.ServerMessage.CallSignal;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.HungUp;
import dev.parley.protocol.ServerMessage.Incoming;
import dev.parley.protocol.ServerMessage.Rejected;
import dev.parley.protocol.ServerMessage.Ringing;
import dev.parley.protocol.ServerMessage.TimedOut;
import dev.parley.protocol.ServerMessage.Unavailable;
import dev.parley.protocol.ServerMessage.Welcome;
import dev.parley.protocol.UnavailableReason;
import dev.parley.server.dialect.DialectSession.Closing;
import dev.parley.server.dialect.Seed003Json.Inbound;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 003's page ({@code webrtc.html}, whose server was a Spring {@code @ServerEndpoint} at
 * {@code /webrtc/{username}}) on Parley's direct calls: one connection is one named session, and
 * the seed's messages, which each name the other user ({@code toUser}), become that session's call.
 *
 * <table>
 * <caption>The mapping</caption>
 * <tr><th>page sends</th><th>Parley</th><th>the other side's page gets</th></tr>
 * <tr><td>(connects to /webrtc/alice)</td><td>hello {name: alice} (token from {@code ?token=})</td><td></td></tr>
 * <tr><td>call_start {toUser}</td><td>call {to}</td><td>call_start {fromUser, msg "1"}</td></tr>
 * <tr><td>call_back {toUser, msg "1"}</td><td>accept</td><td>call_back {fromUser: callee, msg "1"}</td></tr>
 * <tr><td>call_back {toUser, other msg}</td><td>reject</td><td>call_back {fromUser: callee, msg "0"}</td></tr>
 * <tr><td>offer / answer {sdp}</td><td>signal {description: {type, sdp}}</td><td>offer / answer {fromUser, sdp}</td></tr>
 * <tr><td>_ice {iceCandidate}</td><td>signal {candidate: {…}}</td><td>_ice {fromUser, iceCandidate}</td></tr>
 * <tr><td>hangup</td><td>hangup (reject while it rings for this page)</td><td>hangup {fromUser, msg "对方挂断!"}</td></tr>
 * </table>
 *
 * <p>What the server says on its own: a {@code call_back} from {@value #SYSTEM} whose {@code msg} the
 * page shows with {@code alert} before hanging up: {@value #OFFLINE} (the seed's text: the name is
 * not online, or cannot be a name), {@value #BUSY} (in another call), {@value #NO_ANSWER} (the call
 * timed out while ringing), {@value #SELF}, {@value #IN_CALL} (call_start while in a call),
 * {@value #FORBIDDEN} (token mode without the call right), {@value #TRY_LATER} (rate limit, cluster
 * unavailable). A callee that goes offline while the call rings is {@value #OFFLINE} for the caller;
 * one that hangs up a ringing call is a refusal ("0"). A page being rung gets {@code hangup} when the
 * caller gives up ({@value #HUNG_UP}, the seed's text), disconnects ({@value #DISCONNECTED}) or the
 * call times out ({@value #TIMED_OUT}); a page in a call gets {@code hangup} with {@value #HUNG_UP}
 * or {@value #DISCONNECTED}. {@code fromUser} is always the other party's name: as the caller's page
 * typed it on that side (its {@code toUser}), as Parley knows the caller on the callee's side (the
 * seed server put the receiver's own name there for call_back, offer, answer and _ice; the page
 * never reads it).
 *
 * <p>Messages about a call that is over (the page answers every {@code hangup} with one of its
 * own; ICE trickles after a hang-up; a call_back after the caller gave up) are dropped quietly, as
 * are repeats about the call in progress; a message naming anyone else, while no call with them
 * exists, is answered like the seed's message to someone offline ({@value #OFFLINE}): nothing
 * outside a call reaches another client. Each of them still costs a message of the rate budget.
 * Bad input (not JSON, unknown type, fields of the wrong type) is refused through the hub
 * ({@code hub.reject}: counted, rate-limited, cut off when it floods); the page sees nothing of
 * Parley's errors, which it could not read.
 *
 * <p>The last connection under a name wins, as in the seed: when the name is held by another seed
 * 003 page on this node, that page's session ends (its call is hung up, its socket closed with 4001)
 * and the new one says hello again. Parley's resume was considered and not used: it would carry the
 * old page's call over to a new page that has no peer connection for it, leaving the other side in
 * a dead call. A name held by any other client (Parley's app or protocol, another dialect, a seed
 * page on another node of a cluster) is not taken: the new connection is closed with 1008 saying so.
 *
 * <p>Threading: {@link #start}, {@link #onText}, {@link #binary} and {@link #ended} run on the
 * connection's inbound sequence ({@link Wire#execute} runs tasks there too); {@link #deliver} and
 * {@link #close} come from any thread. The call state is guarded by this object's monitor, a leaf
 * lock: nothing is called on the hub while it is held.
 */
public final class Seed003Dialect implements DialectSession.Link {
    private static final Logger log = LoggerFactory.getLogger(Seed003Dialect.class);

    /** The sender of the server's own call_back messages (the seed's). */
    static final String SYSTEM = "系统消息";
    /** The seed's answer for a message to someone not online. */
    static final String OFFLINE = "Sorry,呼叫的用户不在线!";
    static final String BUSY = "Sorry,对方正在通话中!";
    static final String NO_ANSWER = "Sorry,对方无应答!";
    static final String SELF = "Sorry,不能呼叫自己!";
    static final String IN_CALL = "Sorry,您正在通话中!";
    static final String FORBIDDEN = "Sorry,您没有呼叫权限!";
    static final String TRY_LATER = "Sorry,服务器繁忙,请稍后再试!";
    /** The seed's hang-up text. */
    static final String HUNG_UP = "对方挂断!";
    static final String DISCONNECTED = "对方已断开连接!";
    static final String TIMED_OUT = "未接听,呼叫已超时!";

    /** How many times a new connection takes its name over from other seed pages before it gives up. */
    static final int MAX_HELLO_ATTEMPTS = 3;
    /** Peers of calls that ended, whose late messages are dropped quietly. */
    private static final int RECENT_PEERS = 4;

    /** The connection as the dialect needs it: a WebSocket in the server, a list in tests. */
    public interface Wire {
        /** Queues one message for the page. Any thread; only enqueues; in order. */
        void send(String json);

        /** Ends the connection after what is queued. Any thread; only enqueues; the first close wins. */
        void close(Closing how, String reason);

        /** Runs the task on this connection's inbound sequence, after what is queued there. Any thread. */
        void execute(Runnable task);
    }

    private enum Phase { DIALING, RINGING_OUT, RINGING_IN, ACTIVE }

    /** The page's direct call: {@code id} is null while dialing; {@code peerKey} is the peer's {@link Names#key}. */
    private record CallState(Phase phase, String id, String peer, String peerKey) {
        CallState to(Phase next, String callId) {
            return new CallState(next, callId, peer, peerKey);
        }

        boolean with(String key) {
            return key != null && key.equals(peerKey);
        }

        boolean is(String callId) {
            return callId.equals(id);
        }
    }

    private final String name;
    private final String token;
    private final Wire wire;
    private final Seed003Names names;

    /** Set by {@link #start}; the inbound sequence's. */
    private DialectSession session;
    /** The name's key, or null when the name is not a valid one. Set by {@link #start} before hello. */
    private volatile String key;
    /** Hellos said. Confined to the inbound sequence. */
    private int helloAttempts;

    /** Guarded by {@code this}. */
    private boolean greeted;
    /** Guarded by {@code this}; null outside a call. */
    private CallState call;
    /** Keys of the last calls' peers, newest first. Guarded by {@code this}. */
    private final ArrayDeque<String> recentPeers = new ArrayDeque<>(RECENT_PEERS);

    /**
     * A page connected as {@code name} (from the URL, decoded), with {@code token} from {@code ?token=}
     * or null; {@code names} holds this node's seed 003 sessions by name.
     */
    public Seed003Dialect(String name, String token, Wire wire, Seed003Names names) {
        this.name = name;
        this.token = token;
        this.wire = wire;
        this.names = names;
    }

    /** The session is open: say hello under the URL's name, or close if that cannot be a name. */
    public void start(DialectSession session) {
        this.session = session;
        Hello hello;
        try {
            FieldRules.requireName(name);
            key = Names.key(name);
            hello = new Hello(name, token);
        } catch (ProtocolException e) {
            wire.close(Closing.POLICY, (key == null ? "invalid user name: " : "invalid token: ") + e.getMessage());
            return;
        }
        helloAttempts++;
        session.send(hello);
    }

    /** The session this page drives (for pings and tests). */
    public DialectSession session() {
        return session;
    }

    // ---- from the page

    /** One whole text message from the page. */
    public void onText(String text) {
        if (session == null) return;
        Inbound m;
        try {
            m = Seed003Json.read(text);
        } catch (ProtocolException e) {
            session.reject(e);
            return;
        }
        boolean ready;
        synchronized (this) {
            ready = greeted;
        }
        if (!ready) {
            session.spend(); // hello is still under way (a name taken over): nothing to act on yet
            return;
        }
        String toKey = keyOf(m.toUser());
        switch (m.type()) {
            case "call_start" -> callStart(m.toUser(), toKey);
            case "call_back" -> forCall(toKey, Phase.RINGING_IN, id -> "1".equals(m.msg()) ? new Accept(id) : new Reject(id, null));
            case "offer", "answer" -> forCall(toKey, Phase.ACTIVE, id -> new SendCallSignal(id, Seed003Json.descriptionPayload(m.type(), m.sdp())));
            case "_ice" -> forCall(toKey, Phase.ACTIVE, id -> new SendCallSignal(id, Seed003Json.candidatePayload(m.candidate())));
            case "hangup" -> hangup(toKey);
            default -> throw new IllegalStateException(m.type()); // Seed003Json.TYPES and this switch list the same
        }
    }

    /** A binary message: the seed speaks text only. */
    public void binary() {
        if (session != null) session.reject(new ProtocolException(ErrorCode.UNSUPPORTED_FRAME, "seed 003 messages are text"));
    }

    /** The connection is gone: the session ends with it (a seed page has no resume). */
    public void ended() {
        String k = key;
        if (k != null) names.release(k, this);
        if (session != null) session.close();
    }

    private void callStart(String to, String toKey) {
        enum Decision { FORWARD, QUIET, IN_CALL, UNREACHABLE }
        Decision d;
        synchronized (this) {
            if (call != null) d = call.with(toKey) ? Decision.QUIET : Decision.IN_CALL;
            else if (toKey == null) d = Decision.UNREACHABLE;
            else {
                call = new CallState(Phase.DIALING, null, to, toKey);
                d = Decision.FORWARD;
            }
        }
        switch (d) {
            case FORWARD -> session.send(new Call(to));
            case QUIET -> session.spend();
            case IN_CALL -> reply(IN_CALL);
            case UNREACHABLE -> reply(OFFLINE);
        }
    }

    /** A message that belongs to the call with {@code toKey} in {@code phase}: sent as {@code message}; else unrelated. */
    private void forCall(String toKey, Phase phase, java.util.function.Function<String, dev.parley.protocol.ClientMessage> message) {
        String id = null;
        boolean quiet;
        synchronized (this) {
            if (call != null && call.phase == phase && call.with(toKey)) id = call.id;
            quiet = quiet(toKey);
        }
        if (id != null) session.send(message.apply(id));
        else unrelated(quiet);
    }

    private void hangup(String toKey) {
        String id = null;
        Phase phase = null;
        boolean quiet;
        synchronized (this) {
            if (call != null && call.id != null && call.with(toKey)) {
                id = call.id;
                phase = call.phase;
            }
            quiet = quiet(toKey);
        }
        if (id == null) unrelated(quiet);
        else session.send(phase == Phase.RINGING_IN ? new Reject(id, null) : new Hangup(id));
    }

    /** Whether a message naming {@code toKey} outside its call is about a call in progress or just over. Under the lock. */
    private boolean quiet(String toKey) {
        return toKey != null && ((call != null && call.with(toKey)) || recentPeers.contains(toKey));
    }

    private void unrelated(boolean quiet) {
        if (quiet) session.spend();
        else reply(OFFLINE);
    }

    /** The server's own call_back to the page, for one message of the budget. */
    private void reply(String msg) {
        if (session.spend()) wire.send(Seed003Json.withMsg("call_back", SYSTEM, msg));
    }

    // ---- from the hub (any thread)

    @Override
    public void deliver(ServerFrame frame) {
        switch (frame.message()) {
            case Welcome w -> welcomed();
            case Incoming m -> incoming(m);
            case Ringing m -> {
                synchronized (this) {
                    if (call != null && call.phase == Phase.DIALING) call = call.to(Phase.RINGING_OUT, m.call());
                }
            }
            case Unavailable m -> dialFailed(m.reason() == UnavailableReason.BUSY ? BUSY : OFFLINE);
            case Accepted m -> accepted(m.call());
            case Rejected m -> rejected(m.call());
            case HungUp m -> hungUp(m);
            case TimedOut m -> timedOut(m.call());
            case CallSignal m -> signal(m);
            case ErrorReply m -> error(m);
            default -> {} // presence, a peer away or back: nothing the page knows of
        }
    }

    @Override
    public void close(Closing how, String reason) {
        wire.close(how, reason);
    }

    private void welcomed() {
        synchronized (this) {
            greeted = true;
        }
        names.hold(key, this);
    }

    private void incoming(Incoming m) {
        synchronized (this) {
            call = new CallState(Phase.RINGING_IN, m.call(), m.from(), keyOf(m.from()));
        }
        wire.send(Seed003Json.withMsg("call_start", m.from(), "1"));
    }

    private void dialFailed(String msg) {
        synchronized (this) {
            if (call == null || call.phase != Phase.DIALING) return; // a call rang this page meanwhile: that one goes on
            end();
        }
        wire.send(Seed003Json.withMsg("call_back", SYSTEM, msg));
    }

    private void accepted(String id) {
        String peer = null;
        synchronized (this) {
            if (call == null || !call.is(id)) return;
            if (call.phase == Phase.RINGING_OUT) peer = call.peer;
            call = call.to(Phase.ACTIVE, id);
        }
        if (peer != null) wire.send(Seed003Json.withMsg("call_back", peer, "1"));
    }

    private void rejected(String id) {
        String peer = null;
        synchronized (this) {
            if (call == null || !call.is(id)) return;
            if (call.phase == Phase.RINGING_OUT) peer = call.peer;
            end();
        }
        if (peer != null) wire.send(Seed003Json.withMsg("call_back", peer, "0"));
    }

    private void hungUp(HungUp m) {
        CallState was;
        synchronized (this) {
            if (call == null || !call.is(m.call())) return;
            was = call;
            end();
        }
        if (name.equals(m.by())) return; // this page's own hang-up (or its session ending)
        boolean disconnected = m.reason() == HangupReason.DISCONNECTED;
        if (was.phase == Phase.RINGING_OUT) {
            wire.send(disconnected ? Seed003Json.withMsg("call_back", SYSTEM, OFFLINE) : Seed003Json.withMsg("call_back", was.peer, "0"));
        } else {
            wire.send(Seed003Json.withMsg("hangup", was.peer, disconnected ? DISCONNECTED : HUNG_UP));
        }
    }

    private void timedOut(String id) {
        CallState was;
        synchronized (this) {
            if (call == null || !call.is(id)) return;
            was = call;
            end();
        }
        wire.send(was.phase == Phase.RINGING_OUT ? Seed003Json.withMsg("call_back", SYSTEM, NO_ANSWER)
                : Seed003Json.withMsg("hangup", was.peer, TIMED_OUT));
    }

    private void signal(CallSignal m) {
        String peer;
        synchronized (this) {
            if (call == null || call.phase != Phase.ACTIVE || !call.is(m.call())) return;
            peer = call.peer;
        }
        String out = Seed003Json.fromParley(m.data(), peer);
        if (out != null) wire.send(out);
        else log.debug("call {}: a payload that is not SDP or ICE is not passed to seed page {}", m.call(), name);
    }

    private void error(ErrorReply e) {
        if ("hello".equals(e.request())) {
            helloRefused(e);
        } else if ("call".equals(e.request())) {
            dialFailed(switch (e.code()) {
                case SELF_CALL -> SELF;
                case ALREADY_IN_CALL -> IN_CALL;
                case FORBIDDEN -> FORBIDDEN;
                case RATE_LIMITED, UNAVAILABLE, INTERNAL -> TRY_LATER;
                default -> OFFLINE;
            });
        } else {
            log.debug("seed page {}: {} refused: {}", name, e.request(), e.message());
        }
    }

    /** The hello failed: close with the reason, or take the name over from an older seed page. Any thread. */
    private void helloRefused(ErrorReply e) {
        switch (e.code()) {
            case NAME_TAKEN -> wire.execute(this::nameTaken);
            case UNAUTHORIZED -> wire.close(Closing.POLICY, token == null
                    ? "this server needs an access token: connect to /webrtc/<name>?token=<token>"
                    : "unauthorized: " + e.message());
            case UNAVAILABLE -> wire.close(Closing.TRY_AGAIN_LATER, e.message());
            default -> wire.close(Closing.POLICY, "hello refused: " + e.message());
        }
    }

    /** On the inbound sequence: the name is online already. */
    private void nameTaken() {
        Seed003Dialect holder = names.holder(key);
        if (holder == null || holder == this) {
            wire.close(Closing.POLICY, "the name '" + name + "' is online on another client, which keeps it");
        } else if (helloAttempts >= MAX_HELLO_ATTEMPTS) {
            wire.close(Closing.POLICY, "the name '" + name + "' is in use");
        } else {
            log.info("seed page {}: a newer connection takes the name over", name);
            holder.yieldTo(this);
        }
    }

    /**
     * A newer page wants this page's name: on this page's own sequence, end its session (the name
     * goes offline, its call is hung up), close its socket, and let the newer one say hello again.
     */
    private void yieldTo(Seed003Dialect newer) {
        wire.execute(() -> {
            names.release(key, this);
            wire.close(Closing.REPLACED, "a newer connection took the name '" + name + "'");
            if (session != null) session.close();
            newer.wire.execute(newer::helloAgain);
        });
    }

    private void helloAgain() {
        if (session.session().isClosed()) return;
        helloAttempts++;
        session.send(new Hello(name, token));
    }

    /** The call is over: remember its peer for late messages. Under the lock. */
    private void end() {
        if (call.peerKey != null) {
            recentPeers.remove(call.peerKey);
            recentPeers.addFirst(call.peerKey);
            if (recentPeers.size() > RECENT_PEERS) recentPeers.removeLast();
        }
        call = null;
    }

    /** The key of a valid name, else null (it cannot be online). */
    private static String keyOf(String name) {
        try {
            return Names.key(FieldRules.requireName(name));
        } catch (ProtocolException e) {
            return null;
        }
    }
}
