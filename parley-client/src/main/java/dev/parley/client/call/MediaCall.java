package dev.parley.client.call;

import dev.parley.client.Events;
import dev.parley.client.Parley;
import dev.parley.client.ParleyEvent;
import dev.parley.client.ParleyException;
import dev.parley.client.call.CallEvent.StateChanged;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.client.rtc.RtcPeerFactory;
import dev.parley.protocol.HangupReason;
import dev.parley.protocol.Payload;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Ringing;
import dev.parley.protocol.ServerMessage.Unavailable;
import dev.parley.protocol.UnavailableReason;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A call with one other person, in a room or direct: the JS SDK's {@code MediaCall}
 * (parley-call.js), with the same states ({@link CallState}), reasons and events ({@link CallEvent}).
 * Reasons for {@code ENDED}: {@code hung-up}, {@code peer-hung-up}, {@code peer-disconnected},
 * {@code rejected}, {@code no-answer}, {@code signaling-lost}; a room's peer leaving sends the call
 * back to {@code WAITING} with {@code peer-left}.
 *
 * <p>The call outlives this side's own signaling drops: while the session reconnects the media goes
 * on, and once it is resumed (or the room joined again after a server restart, where the peer keeps
 * its id) negotiation continues where it was. Its methods are to be called on the session's loop
 * (handlers are); from elsewhere use {@link #run}.
 */
public final class MediaCall {
    /** After a server restart, how often and how long a caller tries to take a direct call up again. */
    static final Duration RESUME_CALL_RETRY = Duration.ofSeconds(1);
    static final int RESUME_CALL_ATTEMPTS = 30;
    /** The peer of a direct call is known by name; its session id is not given out. */
    static final String NO_ID = "";

    private final Parley parley;
    private final LocalMedia media;
    private final String room;
    private final Events events = new Events();
    private final Events.Group listening = new Events.Group();

    // Confined to the loop.
    private String call;
    private Peer peer;
    private CallState state = CallState.NEW;
    private boolean caller;
    private boolean resuming;
    private boolean ringingAgain;
    private PeerLink link;
    /** The state of the current link's peer connection. */
    private PeerConnectionState lastLinkState = PeerConnectionState.NEW;
    private CallQuality quality;
    private DeviceState localState = DeviceState.DEFAULT;
    /** Payloads that arrived before the link existed (a few; the offer and its candidates). */
    private final List<SignalPayload> early = new ArrayList<>();

    private MediaCall(Parley parley, LocalMedia media, String room, String call) {
        this.parley = parley;
        this.media = media;
        this.room = room;
        this.call = call;
        listen(ParleyEvent.Closed.class, e -> end("signaling-lost"));
        if (room != null) listenInRoom();
        else listenDirect();
    }

    /** A call in a room just joined: the newcomer offers to whoever is there. */
    public static MediaCall inRoom(Parley parley, ServerMessage.Joined joined, LocalMedia media) {
        var c = new MediaCall(parley, media, joined.room(), null);
        if (!joined.peers().isEmpty()) c.connect(joined.peers().get(0), false);
        else c.setState(CallState.WAITING, null);
        return c;
    }

    /** A direct call: the caller's rings until answered; the callee's connects at once. */
    public static MediaCall direct(Parley parley, String call, String peerName, LocalMedia media, boolean caller) {
        var c = new MediaCall(parley, media, null, call);
        c.caller = caller;
        c.peer = new Peer(NO_ID, peerName);
        if (caller) c.setState(CallState.RINGING, null);
        else c.connect(c.peer, true);
        return c;
    }

    public <T> Events.Subscription on(Class<T> type, Consumer<? super T> handler) {
        return events.on(type, handler);
    }

    /** Runs {@code task} on the session's loop, where the call's methods belong. */
    public CompletableFuture<Void> run(Runnable task) {
        return CompletableFuture.runAsync(task, parley.loop());
    }

    public CallState state() {
        return state;
    }

    /** The room, or null for a direct call. */
    public String room() {
        return room;
    }

    /** The direct call's id (it changes when the call is taken up again after a server restart), or null in a room. */
    public String callId() {
        return call;
    }

    /** Who the call is with, or null while waiting or ringing with nobody linked. */
    public Peer peer() {
        return peer;
    }

    /** The peer link while connected to someone, else null. */
    public PeerLink link() {
        return link;
    }

    /** The other side's camera and microphone tracks (empty before they arrive). */
    public List<dev.parley.client.rtc.RemoteTrack> remoteTracks() {
        return link == null ? List.of() : link.remoteCamera();
    }

    /** What the other side last said about its devices, or null. */
    public DeviceState remoteState() {
        return link == null ? null : link.data().remoteState();
    }

    /** Quality samples of the current link, the last two minutes. */
    public List<QualitySample> qualityHistory() {
        return quality == null ? List.of() : quality.history();
    }

    /** Tells the other side what this side's devices do (badges in the browser). */
    public void setLocalState(DeviceState state) {
        localState = state;
        if (link != null) link.data().setState(state);
    }

    /** Sends a chat message over the call's data channel; {@link CallEvent.ChatDelivered} names the id when it arrived. */
    public String chat(String text) {
        return requireLink().data().chat(text);
    }

    public FileTransfer sendFile(String name, String type, byte[] content) {
        return requireLink().data().sendFile(name, type, content);
    }

    public FileTransfer sendFile(Path file, String type) throws IOException {
        return requireLink().data().sendFile(file, type);
    }

    /** Ends the call for both sides: leaves the room, or hangs up the direct call. */
    public CompletableFuture<Void> hangup() {
        if (state == CallState.ENDED) return CompletableFuture.completedFuture(null);
        end("hung-up");
        CompletableFuture<?> done = room != null ? parley.leave(room) : parley.hangup(call);
        return done.handle((v, e) -> null); // already over on the server: nothing to undo
    }

    private PeerLink requireLink() {
        if (link == null) throw ParleyException.refused("not-connected", "nobody in the call yet");
        return link;
    }

    private void listenInRoom() {
        listen(ServerMessage.Signal.class, m -> {
            if (m.room().equals(room) && (peer == null || m.from().equals(peer.id()))) signal(m.data());
        });
        listen(ServerMessage.PeerAway.class, m -> awayOrBack(m.room(), m.peer(), true));
        listen(ServerMessage.PeerBack.class, m -> awayOrBack(m.room(), m.peer(), false));
        listen(ServerMessage.PeerJoined.class, m -> {
            if (!m.room().equals(room) || state == CallState.ENDED) return;
            if (link == null) {
                connect(m.peer(), true);
            } else if (!m.peer().id().equals(peer.id()) && lastLinkState != PeerConnectionState.CONNECTED) {
                // Our peer never came back (it closed while the server was away); this is someone new.
                Peer gone = peer;
                drop();
                events.emit(new CallEvent.PeerLeft(gone));
                connect(m.peer(), true);
            }
        });
        // The server lost our session (a restart) and we took the seat back: whoever is there with a
        // link already is the same peer (ids survive restarts); with nobody linked, start as a newcomer.
        listen(ParleyEvent.Rejoined.class, e -> {
            if (e.joined().room().equals(room) && link == null && !e.joined().peers().isEmpty()) {
                connect(e.joined().peers().get(0), false);
            }
        });
        listen(ParleyEvent.RoomLost.class, e -> {
            if (e.room().equals(room)) end("signaling-lost");
        });
        listen(ServerMessage.PeerLeft.class, m -> {
            if (!m.room().equals(room) || peer == null || !m.peer().id().equals(peer.id())) return;
            Peer left = peer;
            drop();
            events.emit(new CallEvent.PeerLeft(left));
            setState(CallState.WAITING, "peer-left");
        });
    }

    private void listenDirect() {
        listen(ServerMessage.CallSignal.class, m -> {
            if (m.call().equals(call)) signal(m.data());
        });
        listen(ServerMessage.CallPeerAway.class, m -> {
            if (m.call().equals(call) && state != CallState.ENDED) events.emit(new CallEvent.PeerAway(peer));
        });
        listen(ServerMessage.CallPeerBack.class, m -> {
            if (m.call().equals(call) && state != CallState.ENDED) events.emit(new CallEvent.PeerBack(peer));
        });
        listen(ServerMessage.Accepted.class, m -> {
            if (!m.call().equals(call)) return;
            resuming = false;
            if (link == null) connect(peer, false);
        });
        listen(ServerMessage.Rejected.class, m -> {
            if (m.call().equals(call)) end("rejected", m.reason());
        });
        listen(ServerMessage.TimedOut.class, m -> {
            if (m.call().equals(call)) end(resuming ? "signaling-lost" : "no-answer");
        });
        listen(ServerMessage.HungUp.class, m -> {
            if (!m.call().equals(call) || m.by().equals(parley.name())) return;
            end(m.reason() == HangupReason.DISCONNECTED ? "peer-disconnected" : "peer-hung-up");
        });
        // The server restarted and forgot the call while the media went on: the caller rings again
        // naming it, and the callee's side takes that ring as the same call.
        listen(ParleyEvent.Restored.class, e -> {
            if (caller && link != null && state != CallState.ENDED) resumeCall(1);
        });
        listen(ParleyEvent.CallResume.class, e -> {
            var m = e.incoming();
            if (!m.resume().equals(call) || peer == null || !m.from().equals(peer.name()) || state == CallState.ENDED) return;
            e.take();
            call = m.call();
            parley.accept(m.call()).whenComplete((v, err) -> {
                if (err != null) end("signaling-lost");
            });
        });
    }

    /** Rings the other side again under the lost call's id, until it is back online (bounded). */
    private void resumeCall(int attempt) {
        if (attempt == 1 && ringingAgain) return; // restored again while already at it
        if (state == CallState.ENDED) {
            ringingAgain = false;
            return;
        }
        ringingAgain = true;
        resuming = true;
        parley.ringAgain(peer.name(), call).whenComplete((outcome, e) -> {
            if (state == CallState.ENDED) {
                ringingAgain = false;
                return;
            }
            switch (outcome) {
                case Ringing r -> {
                    call = r.call(); // accepted under this id follows, from the other side's SDK
                    ringingAgain = false;
                }
                case Unavailable u when u.reason() == UnavailableReason.OFFLINE && attempt < RESUME_CALL_ATTEMPTS ->
                    // the other side has not reconnected yet
                    parley.loop().schedule(RESUME_CALL_RETRY, () -> resumeCall(attempt + 1));
                case null -> {
                    ringingAgain = false;
                    // Lost the server again (no answer): the next restored tries again. A refusal ends it.
                    if (!(e instanceof ParleyException p && p.code() == null)) end("signaling-lost");
                }
                default -> {
                    ringingAgain = false;
                    end("signaling-lost");
                }
            }
        });
    }

    private void connect(Peer to, boolean polite) {
        peer = to;
        Consumer<SignalPayload> send = room != null
                ? p -> parley.signal(room, to.id(), p.toPayload())
                : p -> parley.signalCall(call, p.toPayload());
        var config = new RtcPeerFactory.Configuration(parley.iceServers(), parley.relayOnly());
        link = new PeerLink(parley.loop(), parley.rtc(), config, media, to, polite, send);
        PeerLink mine = link;
        link.data().setState(localState);
        forward(link.events(), mine);
        forward(link.data().events(), mine);
        link.events().on(CallEvent.LinkState.class, e -> {
            if (link != mine || state == CallState.ENDED) return;
            lastLinkState = e.state();
            CallState s = switch (e.state()) {
                case NEW, CONNECTING -> CallState.CONNECTING;
                case CONNECTED -> CallState.CONNECTED;
                case DISCONNECTED, FAILED -> CallState.RECONNECTING;
                case CLOSED -> null;
            };
            if (s != null) setState(s, null);
        });
        quality = new CallQuality(parley.loop(), link.pc(), sample -> events.emit(new CallEvent.Quality(to, sample)));
        lastLinkState = PeerConnectionState.NEW;
        events.emit(new CallEvent.PeerJoined(to));
        setState(CallState.CONNECTING, null);
        for (SignalPayload p : early) mine.handle(p);
        early.clear();
        if (!polite) mine.offerNow();
    }

    private void forward(Events from, PeerLink mine) {
        from.on(CallEvent.class, e -> {
            if (link == mine && !(e instanceof CallEvent.LinkState)) events.emit(e);
        });
    }

    private void signal(Payload data) {
        if (state == CallState.ENDED) return;
        SignalPayload p = SignalPayload.parse(data);
        if (p == null) return;
        if (link != null) link.handle(p);
        else if (early.size() < PeerLink.MAX_EARLY_CANDIDATES) early.add(p);
    }

    private void awayOrBack(String inRoom, Peer who, boolean away) {
        if (!inRoom.equals(room) || peer == null || !who.id().equals(peer.id()) || state == CallState.ENDED) return;
        events.emit(away ? new CallEvent.PeerAway(peer) : new CallEvent.PeerBack(peer));
    }

    private void drop() {
        if (link != null && !link.remoteScreen().isEmpty()) events.emit(new CallEvent.RemoteScreen(peer, List.of()));
        if (quality != null) quality.stop();
        quality = null;
        if (link != null) link.close();
        link = null;
        peer = room != null ? null : peer;
    }

    void end(String reason) {
        end(reason, null);
    }

    private void end(String reason, String detail) {
        if (state == CallState.ENDED) return;
        drop();
        listening.close();
        state = CallState.ENDED;
        events.emit(new StateChanged(CallState.ENDED, reason, detail));
    }

    private void setState(CallState next, String reason) {
        state = next;
        events.emit(new StateChanged(next, reason, null));
    }

    private <T> void listen(Class<T> type, Consumer<? super T> handler) {
        listening.add(parley.on(type, handler));
    }
}
