package dev.parley.client.call;

import dev.parley.client.EventLoop;
import dev.parley.client.Events;
import dev.parley.client.call.CallEvent.LinkState;
import dev.parley.client.call.CallEvent.Remote;
import dev.parley.client.call.CallEvent.RemoteScreen;
import dev.parley.client.call.SignalPayload.Candidate;
import dev.parley.client.call.SignalPayload.Description;
import dev.parley.client.rtc.DataChannelOptions;
import dev.parley.client.rtc.IceCandidate;
import dev.parley.client.rtc.IceConnectionState;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.client.rtc.RemoteTrack;
import dev.parley.client.rtc.RtcDataChannel;
import dev.parley.client.rtc.RtcPeer;
import dev.parley.client.rtc.RtcPeerFactory;
import dev.parley.client.rtc.RtcPeerObserver;
import dev.parley.client.rtc.SessionDescription;
import dev.parley.client.rtc.SignalingState;
import dev.parley.protocol.Peer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer connection between two people, negotiated with the "perfect negotiation" pattern
 * (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example): either side may start or restart
 * negotiation at any time; when both offer at once, the polite side yields. A line-for-line twin of
 * the JS SDK's parley-link.js, including its two additions: the polite side lets the other offer
 * first, so the first exchange never collides, and if ICE has not started a while after an exchange
 * completed, the impolite side restarts it.
 *
 * <p>Everything here runs on the session's event loop; the peer connection's callbacks are handed
 * to it. Events: {@link Remote}, {@link RemoteScreen}, {@link LinkState}; {@link #data()} carries
 * state, chat and files.
 */
public final class PeerLink {
    private static final Logger log = LoggerFactory.getLogger(PeerLink.class);
    /** Candidates kept while no remote description is set; a real exchange has a handful. */
    static final int MAX_EARLY_CANDIDATES = 64;
    /** How long ICE may stay new after a completed exchange before the impolite side restarts it. */
    static final Duration ICE_START_TIMEOUT = Duration.ofSeconds(3);
    /**
     * How long ICE may stay disconnected before the impolite side restarts it: long enough for a
     * blip to heal by itself, much shorter than the engine takes to call it failed.
     */
    static final Duration ICE_DISCONNECTED_GRACE = Duration.ofSeconds(4);
    private static final int MAX_TRACE = 200;

    private final EventLoop loop;
    private final Peer peer;
    private final boolean polite;
    private final Consumer<SignalPayload> send;
    private final Events events = new Events();
    private final RtcPeer pc;
    private final CallData data;

    // Confined to the loop.
    private boolean makingOffer;
    private boolean ignoreOffer;
    private boolean answeredOnce;
    private boolean closed;
    /** Payloads are applied one after another, in arrival order. */
    private CompletableFuture<Void> applied = CompletableFuture.completedFuture(null);
    /** Candidates reported while their description is being set wait here and follow it. */
    private boolean describing;
    private final List<IceCandidate> outgoing = new ArrayList<>();
    /** Candidates that arrive before any remote description, tried again once one is set. */
    private final List<IceCandidate> incoming = new ArrayList<>();
    private final ArrayDeque<String> trace = new ArrayDeque<>();
    private EventLoop.Cancellable watchdog = EventLoop.Cancellable.NONE;
    private EventLoop.Cancellable disconnectedTimer = EventLoop.Cancellable.NONE;
    /** Remote tracks by the id of the stream the sender put them in, in arrival order. */
    private final Map<String, Set<RemoteTrack>> remoteStreams = new LinkedHashMap<>();
    private List<RemoteTrack> remoteCamera = List.of();
    private List<RemoteTrack> remoteScreen = List.of();

    /**
     * @param send delivers a payload to the other side (through the server)
     */
    public PeerLink(EventLoop loop, RtcPeerFactory factory, RtcPeerFactory.Configuration configuration,
            LocalMedia media, Peer peer, boolean polite, Consumer<SignalPayload> send) {
        this.loop = loop;
        this.peer = peer;
        this.polite = polite;
        this.send = send;
        this.pc = factory.create(configuration, media, new Observer());
        // Negotiated with a fixed id, so both sides have it from the first offer without announcing it.
        RtcDataChannel control = pc.createDataChannel("parley", DataChannelOptions.negotiated(0));
        this.data = new CallData(loop, pc, control, peer);
        data.events().on(CallEvent.RemoteState.class, e -> sortRemote());
    }

    public Peer peer() {
        return peer;
    }

    public boolean polite() {
        return polite;
    }

    public RtcPeer pc() {
        return pc;
    }

    public CallData data() {
        return data;
    }

    public Events events() {
        return events;
    }

    /** The other side's camera and microphone tracks. */
    public List<RemoteTrack> remoteCamera() {
        return remoteCamera;
    }

    /** The screen the other side shares beside its camera, empty while it does not. */
    public List<RemoteTrack> remoteScreen() {
        return remoteScreen;
    }

    /** The last negotiation steps, for diagnosing a call that does not connect. */
    public List<String> trace() {
        return List.copyOf(trace);
    }

    /**
     * A payload the other side sent. Applied strictly in order: a candidate must not overtake the
     * offer it belongs to while that offer is still being set.
     */
    public CompletableFuture<Void> handle(SignalPayload payload) {
        applied = applied.handleAsync((v, e) -> null, loop).thenCompose(v -> apply(payload));
        return applied;
    }

    /**
     * The first offer, now, from the side that offers first (a room's newcomer, the caller): without
     * waiting for the engine's negotiation-needed, which on a busy browser page comes up to a few
     * hundred milliseconds after the tracks were added (bench/call-setup; the JS SDK's twin).
     */
    public void offerNow() {
        if (closed || polite || makingOffer || pc.signalingState() != SignalingState.STABLE || pc.hasRemoteDescription()) return;
        note("first offer made at once");
        offer();
    }

    /** Negotiates again (after codec or track changes that do not by themselves). */
    public CompletableFuture<Void> renegotiate() {
        return offer();
    }

    public void close() {
        if (closed) return;
        closed = true;
        watchdog.cancel();
        disconnectedTimer.cancel();
        data.close();
        pc.close();
    }

    private CompletableFuture<Void> apply(SignalPayload payload) {
        if (closed) return done();
        return switch (payload) {
            case Description(SessionDescription d) -> applyDescription(d);
            case Candidate(IceCandidate c) -> {
                if (!pc.hasRemoteDescription()) {
                    note("recv candidate (kept until a description)");
                    if (incoming.size() < MAX_EARLY_CANDIDATES) incoming.add(c);
                    yield done();
                }
                yield addCandidate(c);
            }
        };
    }

    private CompletableFuture<Void> applyDescription(SessionDescription d) {
        boolean offer = d.type() == SessionDescription.Type.OFFER;
        boolean collision = offer && (makingOffer || pc.signalingState() != SignalingState.STABLE);
        ignoreOffer = !polite && collision;
        note("recv " + d.type().wire() + (collision ? " (collision" + (ignoreOffer ? ", ignored)" : ", yielding)") : ""));
        if (ignoreOffer) return done();
        return pc.setRemoteDescription(d)
                .thenComposeAsync(v -> addEarlyCandidates(), loop)
                .thenComposeAsync(v -> offer ? describe().thenRun(() -> answeredOnce = true) : done(), loop)
                .handleAsync((v, e) -> e == null ? null : failed("negotiation step", e), loop);
    }

    private CompletableFuture<Void> addEarlyCandidates() {
        CompletableFuture<Void> chain = done();
        for (IceCandidate c : List.copyOf(incoming)) chain = chain.thenComposeAsync(v -> addCandidate(c), loop);
        incoming.clear();
        return chain;
    }

    private CompletableFuture<Void> addCandidate(IceCandidate c) {
        return pc.addIceCandidate(c).handleAsync((v, e) -> {
            if (e == null) {
                note("recv candidate");
            } else {
                // A candidate of an offer that lost a collision may not fit the description now in force.
                note("recv candidate failed: " + e.getMessage());
                if (!ignoreOffer) log.warn("could not add an ICE candidate from {}: {}", peer, e.getMessage());
            }
            return null;
        }, loop);
    }

    /** Sets and sends a local description (offer or answer), then the candidates that waited for it. */
    private CompletableFuture<Void> describe() {
        describing = true;
        return pc.setLocalDescription().handleAsync((d, e) -> {
            describing = false;
            if (e == null && !closed) {
                note("send " + d.type().wire());
                send.accept(new Description(d));
            }
            for (IceCandidate c : List.copyOf(outgoing)) sendCandidate(c);
            outgoing.clear();
            if (e != null) throw new java.util.concurrent.CompletionException(e);
            return null;
        }, loop);
    }

    private CompletableFuture<Void> offer() {
        if (closed) return done();
        makingOffer = true;
        return describe().handleAsync((v, e) -> {
            makingOffer = false;
            if (e != null) log.warn("could not make an offer to {}: {}", peer, e.getMessage());
            return null;
        }, loop);
    }

    private void sendCandidate(IceCandidate c) {
        note("send candidate");
        send.accept(new Candidate(c));
    }

    /** After an exchange completes, ICE must start; if it does not (lost candidates), restart it. */
    private void watchIceStart() {
        watchdog.cancel();
        if (polite || pc.signalingState() != SignalingState.STABLE || !pc.hasRemoteDescription()) return;
        watchdog = loop.schedule(ICE_START_TIMEOUT, () -> {
            if (closed || pc.iceConnectionState() != IceConnectionState.NEW) return;
            note("ICE did not start: restarting it");
            pc.restartIce();
        });
    }

    private void iceState(IceConnectionState state) {
        disconnectedTimer.cancel();
        if (state == IceConnectionState.FAILED) {
            note("ICE failed: restarting it");
            pc.restartIce();
        } else if (state == IceConnectionState.DISCONNECTED && !polite) {
            disconnectedTimer = loop.schedule(ICE_DISCONNECTED_GRACE, () -> {
                if (closed || pc.iceConnectionState() != IceConnectionState.DISCONNECTED) return;
                note("ICE disconnected for " + ICE_DISCONNECTED_GRACE.toMillis() / 1000 + " s: restarting it");
                pc.restartIce();
            });
        }
    }

    /**
     * Sorts the remote tracks into the camera stream and the screen stream. A track can arrive before
     * the state that names its stream, so this runs again whenever either changes.
     */
    private void sortRemote() {
        DeviceState remote = data.remoteState();
        String screenId = remote == null ? null : remote.screenStream();
        List<RemoteTrack> camera = List.of();
        for (var e : remoteStreams.entrySet()) {
            if (!e.getKey().equals(screenId) && !e.getValue().isEmpty()) {
                camera = List.copyOf(e.getValue());
                break;
            }
        }
        if (!camera.equals(remoteCamera)) {
            remoteCamera = camera;
            events.emit(new Remote(peer, camera));
        }
        Set<RemoteTrack> screenTracks = screenId == null ? null : remoteStreams.get(screenId);
        List<RemoteTrack> screen = screenTracks == null ? List.of() : List.copyOf(screenTracks);
        if (!screen.equals(remoteScreen)) {
            remoteScreen = screen;
            events.emit(new RemoteScreen(peer, screen));
        }
    }

    private void note(String step) {
        trace.add(System.currentTimeMillis() % 100_000 + " " + step + " [" + pc.signalingState() + "]");
        if (trace.size() > MAX_TRACE) trace.poll();
    }

    private Void failed(String what, Throwable e) {
        note("failed: " + e.getMessage());
        log.warn("{} with {} failed: {}", what, peer, e.getMessage());
        return null;
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    /** The peer connection's callbacks, handed to the loop. */
    private final class Observer implements RtcPeerObserver {
        @Override
        public void onNegotiationNeeded() {
            loop.execute(() -> {
                if (closed) return;
                if (polite && !answeredOnce) {
                    note("first offer left to the other side");
                    return;
                }
                offer();
            });
        }

        @Override
        public void onIceCandidate(IceCandidate candidate) {
            loop.execute(() -> {
                if (closed) return;
                if (describing) outgoing.add(candidate);
                else sendCandidate(candidate);
            });
        }

        @Override
        public void onSignalingState(SignalingState state) {
            loop.execute(() -> {
                if (!closed) watchIceStart();
            });
        }

        @Override
        public void onIceConnectionState(IceConnectionState state) {
            loop.execute(() -> {
                if (!closed) iceState(state);
            });
        }

        @Override
        public void onConnectionState(PeerConnectionState state) {
            loop.execute(() -> {
                if (!closed) events.emit(new LinkState(peer, state));
            });
        }

        @Override
        public void onTrack(RemoteTrack track, List<String> streamIds) {
            loop.execute(() -> {
                if (closed) return;
                String id = streamIds.isEmpty() ? "" : streamIds.get(0);
                remoteStreams.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(track);
                sortRemote();
            });
        }

        @Override
        public void onTrackRemoved(RemoteTrack track) {
            loop.execute(() -> {
                if (closed) return;
                for (Set<RemoteTrack> tracks : remoteStreams.values()) tracks.remove(track);
                sortRemote();
            });
        }

        @Override
        public void onDataChannel(RtcDataChannel channel) {
            loop.execute(() -> {
                if (closed) channel.close();
                else data.channel(channel);
            });
        }
    }
}
