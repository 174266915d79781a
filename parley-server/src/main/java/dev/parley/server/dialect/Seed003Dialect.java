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
import dev.parley.protocol.ClientMessage;
import dev.parley.server.dialect.Seed003Call.Phase;
import java.util.function.Function;
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
 * <p>What the server says on its own ({@link Seed003Texts}): a {@code call_back} from 系统消息,
 * which the page shows with {@code alert} before hanging up, to a caller whose call rang nobody or
 * stopped ringing: offline (the seed's text; also for a name that cannot be one, and a callee that
 * went offline while rung), busy, no answer (the call timed out), calling oneself, calling while in
 * a call, no call right (token mode), try later (rate limit, cluster unavailable). A callee that
 * hangs up a ringing call refuses it ("0"). A page being rung gets {@code hangup} when the caller
 * gives up (the seed's "对方挂断!"), disconnects, or the call times out; a page in a call gets
 * {@code hangup} when the other hangs up or disconnects. {@code fromUser} is always the other
 * party's name: on the caller's side as its page typed it (its {@code toUser}), on the callee's
 * side as Parley names the caller. (The seed server put the receiver's own name there for
 * call_back, offer, answer and _ice; the page never reads it.)
 *
 * <p>Messages about a call that is over (the page answers every {@code hangup} with one of its
 * own; ICE trickles after a hang-up; a call_back after the caller gave up) are dropped quietly, as
 * are repeats about the call in progress; a message naming anyone else, while no call with them
 * exists, is answered like the seed's message to someone offline: nothing
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
 * {@link #close} come from any thread. The call state is {@link Seed003Call}'s, behind its own leaf
 * lock.
 */
public final class Seed003Dialect implements DialectSession.Link {
    private static final Logger log = LoggerFactory.getLogger(Seed003Dialect.class);

    /** How many times a new connection takes its name over from other seed pages before it gives up. */
    static final int MAX_HELLO_ATTEMPTS = 3;

    /** The connection as the dialect needs it: a WebSocket in the server, a list in tests. */
    public interface Wire {
        /** Queues one message for the page. Any thread; only enqueues; in order. */
        void send(String json);

        /** Ends the connection after what is queued. Any thread; only enqueues; the first close wins. */
        void close(Closing how, String reason);

        /** Runs the task on this connection's inbound sequence, after what is queued there. Any thread. */
        void execute(Runnable task);
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

    /** Whether hello was welcomed; written by the hub's thread, read by the inbound sequence. */
    private volatile boolean greeted;
    /** The page's call. */
    private final Seed003Call call = new Seed003Call();

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
        if (!greeted) {
            session.spend(); // hello is still under way (a name taken over): nothing to act on yet
            return;
        }
        String toKey = keyOf(m.toUser());
        switch (m.type()) {
            case "call_start" -> callStart(m.toUser(), toKey);
            case "call_back" -> forCall(toKey, Phase.RINGING_IN, id -> "1".equals(m.msg()) ? new Accept(id) : new Reject(id, null));
            case "offer", "answer" ->
                    forCall(toKey, Phase.ACTIVE, id -> new SendCallSignal(id, Seed003Json.descriptionPayload(m.type(), m.sdp())));
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
        switch (call.dial(to, toKey)) {
            case FORWARD -> session.send(new Call(to));
            case QUIET -> session.spend();
            case IN_CALL -> reply(Seed003Texts.IN_CALL);
            case UNREACHABLE -> reply(Seed003Texts.OFFLINE);
        }
    }

    /** A message that belongs to the call with {@code toKey} in {@code phase}: sent as {@code message}; else unrelated. */
    private void forCall(String toKey, Phase phase, Function<String, ClientMessage> message) {
        Seed003Call.State c = call.with(toKey);
        if (c != null && c.phase() == phase) session.send(message.apply(c.id()));
        else unrelated(toKey);
    }

    /** Hangs up the call with {@code toKey}; refuses it while it rings for this page. */
    private void hangup(String toKey) {
        Seed003Call.State c = call.with(toKey);
        if (c == null) unrelated(toKey);
        else session.send(c.phase() == Phase.RINGING_IN ? new Reject(c.id(), null) : new Hangup(c.id()));
    }

    /** A message outside its call: dropped quietly if about a call in progress or just over, else answered as for someone offline. */
    private void unrelated(String toKey) {
        if (call.quiet(toKey)) session.spend();
        else reply(Seed003Texts.OFFLINE);
    }

    /** The server's own call_back to the page, for one message of the budget. */
    private void reply(String msg) {
        if (session.spend()) wire.send(Seed003Json.withMsg("call_back", Seed003Texts.SYSTEM, msg));
    }

    // ---- from the hub (any thread)

    @Override
    public void deliver(ServerFrame frame) {
        switch (frame.message()) {
            case Welcome w -> welcomed();
            case Incoming m -> incoming(m);
            case Ringing m -> call.ringing(m.call());
            case Unavailable m -> dialFailed(m.reason() == UnavailableReason.BUSY ? Seed003Texts.BUSY : Seed003Texts.OFFLINE);
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
        greeted = true;
        names.hold(key, this);
    }

    private void incoming(Incoming m) {
        call.incoming(m.call(), m.from(), keyOf(m.from()));
        wire.send(Seed003Json.withMsg("call_start", m.from(), "1"));
    }

    private void dialFailed(String msg) {
        // A call that rang this page meanwhile goes on: the page is not told of the one it dialled.
        if (call.dialFailed()) wire.send(Seed003Json.withMsg("call_back", Seed003Texts.SYSTEM, msg));
    }

    private void accepted(String id) {
        Seed003Call.State was = call.accepted(id);
        if (was != null && was.phase() == Phase.RINGING_OUT) wire.send(Seed003Json.withMsg("call_back", was.peer(), "1"));
    }

    private void rejected(String id) {
        Seed003Call.State was = call.ended(id);
        if (was != null && was.phase() == Phase.RINGING_OUT) wire.send(Seed003Json.withMsg("call_back", was.peer(), "0"));
    }

    private void hungUp(HungUp m) {
        Seed003Call.State was = call.ended(m.call());
        if (was == null || name.equals(m.by())) return; // not this page's call, or its own hang-up (or its session ending)
        boolean disconnected = m.reason() == HangupReason.DISCONNECTED;
        if (was.phase() == Phase.RINGING_OUT) {
            wire.send(disconnected ? Seed003Json.withMsg("call_back", Seed003Texts.SYSTEM, Seed003Texts.OFFLINE)
                    : Seed003Json.withMsg("call_back", was.peer(), "0"));
        } else {
            wire.send(Seed003Json.withMsg("hangup", was.peer(), disconnected ? Seed003Texts.DISCONNECTED : Seed003Texts.HUNG_UP));
        }
    }

    private void timedOut(String id) {
        Seed003Call.State was = call.ended(id);
        if (was == null) return;
        wire.send(was.phase() == Phase.RINGING_OUT ? Seed003Json.withMsg("call_back", Seed003Texts.SYSTEM, Seed003Texts.NO_ANSWER)
                : Seed003Json.withMsg("hangup", was.peer(), Seed003Texts.TIMED_OUT));
    }

    private void signal(CallSignal m) {
        String peer = call.activePeer(m.call());
        if (peer == null) return;
        String out = Seed003Json.fromParley(m.data(), peer);
        if (out != null) wire.send(out);
        else log.debug("call {}: a payload that is not SDP or ICE is not passed to seed page {}", m.call(), name);
    }

    private void error(ErrorReply e) {
        if ("hello".equals(e.request())) {
            helloRefused(e);
        } else if ("call".equals(e.request())) {
            dialFailed(switch (e.code()) {
                case SELF_CALL -> Seed003Texts.SELF;
                case ALREADY_IN_CALL -> Seed003Texts.IN_CALL;
                case FORBIDDEN -> Seed003Texts.FORBIDDEN;
                case RATE_LIMITED, UNAVAILABLE, INTERNAL -> Seed003Texts.TRY_LATER;
                default -> Seed003Texts.OFFLINE;
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

    /** The key of a valid name, else null (it cannot be online). */
    private static String keyOf(String name) {
        try {
            return Names.key(FieldRules.requireName(name));
        } catch (ProtocolException e) {
            return null;
        }
    }
}
