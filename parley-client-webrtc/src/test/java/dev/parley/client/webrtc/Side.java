package dev.parley.client.webrtc;

import dev.parley.client.rtc.IceCandidate;
import dev.parley.client.rtc.IceConnectionState;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.client.rtc.RemoteTrack;
import dev.parley.client.rtc.RtcDataChannel;
import dev.parley.client.rtc.RtcPeerFactory;
import dev.parley.client.rtc.RtcPeerObserver;
import dev.parley.client.rtc.SessionDescription;
import dev.parley.client.rtc.SignalingState;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One end of a call wired by hand to another in the same JVM: the "perfect negotiation" the JS SDK
 * runs (parley-link.js), on a single thread of its own that stands for the call layer's event loop;
 * descriptions and candidates go to the other side in the order they are sent, as over signaling.
 */
final class Side implements RtcPeerObserver, AutoCloseable {
    static final long TIMEOUT_S = 20;

    final String name;
    final boolean polite;
    /** Set on the loop by {@link #start}, before any event of the peer's reaches the loop. */
    volatile WebRtcPeer peer;
    private final ExecutorService loop;
    private Side other;
    /** Held messages while the wire is cut (to make offers cross); touched on loop only. */
    private final AtomicBoolean wireCut = new AtomicBoolean();
    private final List<Runnable> held = new CopyOnWriteArrayList<>();
    // loop only
    private boolean makingOffer, ignoreOffer;
    /** As parley-link.js: the polite side leaves the first offer to the other, so it never collides. */
    private volatile boolean answeredOnce;

    final List<SignalingState> signalingStates = new CopyOnWriteArrayList<>();
    final List<PeerConnectionState> connectionStates = new CopyOnWriteArrayList<>();
    final List<IceConnectionState> iceStates = new CopyOnWriteArrayList<>();
    final BlockingQueue<WebRtcRemoteTrack> tracks = new LinkedBlockingQueue<>();
    final List<List<String>> trackStreams = new CopyOnWriteArrayList<>();
    final BlockingQueue<RtcDataChannel> channels = new LinkedBlockingQueue<>();
    final List<SessionDescription> sentOffers = new CopyOnWriteArrayList<>();
    /** What happened, in order, for a failure's message. */
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();

    Side(String name, boolean polite) {
        this.name = name;
        this.polite = polite;
        this.loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "side-" + name));
    }

    /** Wires two sides and makes their peers. */
    static void start(WebRtc rtc, Side a, LocalMedia aMedia, Side b, LocalMedia bMedia) {
        a.other = b;
        b.other = a;
        // Nothing reaches a side before its peer exists.
        a.cutWire();
        b.cutWire();
        a.start(rtc, aMedia);
        b.start(rtc, bMedia);
        a.restoreWire();
        b.restoreWire();
    }

    /** Made on the loop, as a call layer does: the peer's events queue behind it. */
    private void start(WebRtc rtc, LocalMedia media) {
        try {
            loop.submit(() -> {
                peer = rtc.create(new RtcPeerFactory.Configuration(List.of(), false), media, this);
            }).get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Messages to the other side wait until {@link #restoreWire}. */
    void cutWire() {
        wireCut.set(true);
    }

    void restoreWire() {
        loop.execute(() -> {
            wireCut.set(false);
            for (Runnable r : held) other.loop.execute(r);
            held.clear();
        });
    }

    private void send(Runnable deliver) {
        // on loop
        if (wireCut.get()) held.add(deliver);
        else other.loop.execute(deliver);
    }

    @Override
    public void onNegotiationNeeded() {
        // Like a call layer: nothing here before hopping onto the loop (the event may come before
        // create() has returned).
        loop.execute(() -> {
            log.add("negotiationneeded in " + peer.signalingState());
            if (polite && !answeredOnce) {
                log.add("first offer left to the other side");
                return;
            }
            try {
                makingOffer = true;
                SessionDescription d = peer.setLocalDescription().get(TIMEOUT_S, TimeUnit.SECONDS);
                if (d.type() == SessionDescription.Type.OFFER) sentOffers.add(d);
                log.add("sent " + d.type() + " " + d.sdp().lines().filter(l -> l.startsWith("m=") || l.startsWith("a=send") || l.startsWith("a=recv") || l.startsWith("a=inactive")).toList());
                send(() -> other.receive(d));
            } catch (Exception e) {
                errors.add(e);
            } finally {
                makingOffer = false;
            }
        });
    }

    private void receive(SessionDescription d) {
        try {
            boolean collision = d.type() == SessionDescription.Type.OFFER
                    && (makingOffer || peer.signalingState() != SignalingState.STABLE);
            ignoreOffer = !polite && collision;
            log.add("received " + d.type() + (ignoreOffer ? " (ignored)" : "") + " in " + peer.signalingState());
            if (ignoreOffer) return;
            peer.setRemoteDescription(d).get(TIMEOUT_S, TimeUnit.SECONDS);
            if (d.type() == SessionDescription.Type.OFFER) {
                SessionDescription answer = peer.setLocalDescription().get(TIMEOUT_S, TimeUnit.SECONDS);
                log.add("sent " + answer.type() + " " + answer.sdp().lines().filter(l -> l.startsWith("m=") || l.startsWith("a=send") || l.startsWith("a=recv") || l.startsWith("a=inactive")).toList());
                answeredOnce = true;
                send(() -> other.receive(answer));
            }
        } catch (Exception e) {
            errors.add(e);
        }
    }

    @Override
    public void onIceCandidate(IceCandidate candidate) {
        loop.execute(() -> send(() -> other.receive(candidate)));
    }

    private void receive(IceCandidate candidate) {
        try {
            peer.addIceCandidate(candidate).get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (!ignoreOffer) errors.add(e);
        }
    }

    @Override
    public void onSignalingState(SignalingState state) {
        log.add("state " + state);
        signalingStates.add(state);
    }

    @Override
    public void onIceConnectionState(IceConnectionState state) {
        iceStates.add(state);
    }

    @Override
    public void onConnectionState(PeerConnectionState state) {
        connectionStates.add(state);
    }

    @Override
    public void onTrack(RemoteTrack track, List<String> streamIds) {
        log.add("track " + track + " " + streamIds);
        trackStreams.add(streamIds);
        tracks.add((WebRtcRemoteTrack) track);
    }

    @Override
    public void onTrackRemoved(RemoteTrack track) {}

    @Override
    public void onDataChannel(RtcDataChannel channel) {
        channels.add(channel);
    }

    @Override
    public void close() {
        if (peer != null) peer.close();
        loop.shutdownNow();
    }
}
