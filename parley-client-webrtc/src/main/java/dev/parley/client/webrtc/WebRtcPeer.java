package dev.parley.client.webrtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.parley.client.rtc.DataChannelOptions;
import dev.parley.client.rtc.IceCandidate;
import dev.parley.client.rtc.IceConnectionState;
import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.client.rtc.RtcPeer;
import dev.parley.client.rtc.RtcPeerObserver;
import dev.parley.client.rtc.RtcStats;
import dev.parley.client.rtc.SessionDescription;
import dev.parley.client.rtc.SignalingState;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RtcPeer} on webrtc-java's {@code RTCPeerConnection}.
 *
 * <p>The W3C's peer connection runs its operations one after the other (its "operations chain");
 * the argument-less {@code setLocalDescription()} and the implicit rollback are each one operation
 * there, but two native calls here (create, then set; roll back, then set). So this class chains
 * its own operations: each starts on the factory's ops thread once the previous one has completed,
 * and a remote offer can never slip between creating an offer and setting it.
 */
public final class WebRtcPeer implements RtcPeer {
    private static final Logger log = LoggerFactory.getLogger(WebRtcPeer.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final WebRtc rtc;
    private final WebRtcMedia media;
    private final PeerEvents events;
    /** The native connection; after close, webrtc-java throws on any call, so every use checks {@link #closed}. */
    final RTCPeerConnection pc;

    private final Object chainLock = new Object();
    // guarded by chainLock: the last operation queued; the next one starts when it has completed
    private CompletableFuture<?> tail = DONE;
    /** Futures waiting on a native callback, failed at close in case the callback never comes. */
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final Set<WebRtcDataChannel> channels = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private WebRtcPeer(WebRtc rtc, PeerConnectionFactory factory, RTCConfiguration config, WebRtcMedia media, RtcPeerObserver observer) {
        this.rtc = rtc;
        this.media = media;
        this.events = new PeerEvents(this, observer);
        this.pc = factory.createPeerConnection(config, events);
    }

    static WebRtcPeer open(WebRtc rtc, PeerConnectionFactory factory, RTCConfiguration config, WebRtcMedia media, RtcPeerObserver observer) {
        WebRtcPeer peer = new WebRtcPeer(rtc, factory, config, media, observer);
        try {
            media.attach(peer, factory);
        } catch (RuntimeException | Error e) {
            peer.close();
            throw e;
        }
        peer.onOps(peer.events::opened);
        return peer;
    }

    WebRtc rtc() {
        return rtc;
    }

    @Override
    public CompletableFuture<SessionDescription> setLocalDescription() {
        CompletableFuture<SessionDescription> result = enqueue(() -> {
            events.holdCandidates();
            RTCSignalingState state = pc.getSignalingState();
            boolean offer = switch (state) {
                case STABLE, HAVE_LOCAL_OFFER, HAVE_REMOTE_PR_ANSWER -> true;
                case HAVE_REMOTE_OFFER, HAVE_LOCAL_PR_ANSWER -> false;
                case CLOSED -> throw new IllegalStateException("closed");
            };
            return create(offer).thenCompose(d -> setNative(true, d).thenApply(v -> Sdp.toPort(d)));
        });
        // A task of its own, so that it follows whatever the completion sets going.
        result.whenComplete((v, e) -> onOps(events::releaseCandidates));
        return result;
    }

    @Override
    public CompletableFuture<Void> setRemoteDescription(SessionDescription description) {
        RTCSessionDescription remote = Sdp.toNative(description);
        return enqueue(() -> {
            RTCSignalingState state = pc.getSignalingState();
            if (remote.sdpType == RTCSdpType.ROLLBACK) {
                // The W3C rolls back whichever offer is pending; libwebrtc wants the side that made it.
                if (state == RTCSignalingState.HAVE_LOCAL_OFFER) return setNative(true, remote);
                return state == RTCSignalingState.HAVE_REMOTE_OFFER ? setNative(false, remote) : DONE;
            }
            if (remote.sdpType == RTCSdpType.OFFER && state == RTCSignalingState.HAVE_LOCAL_OFFER) {
                // libwebrtc (as webrtc-java configures it) has no implicit rollback: it refuses an
                // offer in have-local-offer. The polite peer relies on it, so roll back first.
                return setNative(true, new RTCSessionDescription(RTCSdpType.ROLLBACK, ""))
                        .thenCompose(v -> setNative(false, remote));
            }
            return setNative(false, remote);
        });
    }

    @Override
    public CompletableFuture<Void> addIceCandidate(IceCandidate candidate) {
        return enqueue(() -> {
            if (candidate.candidate().isBlank()) return DONE; // end-of-candidates: nothing to do here
            if (pc.getRemoteDescription() == null) {
                throw new IllegalStateException("a candidate before any remote description");
            }
            // webrtc-java's addIceCandidate is the old synchronous call: it says nothing of failure.
            pc.addIceCandidate(Sdp.toNative(candidate));
            return DONE;
        });
    }

    /** Runs {@code r} on the ops thread once the operations queued before it are done, if stable then. */
    void whenStable(Runnable r) {
        enqueue(() -> {
            if (pc.getSignalingState() == RTCSignalingState.STABLE) r.run();
            return DONE;
        });
    }

    @Override
    public boolean hasRemoteDescription() {
        if (closed) return false;
        try {
            return pc.getRemoteDescription() != null;
        } catch (RuntimeException | Error e) {
            return false; // closed meanwhile
        }
    }

    @Override
    public SignalingState signalingState() {
        return closed ? SignalingState.CLOSED : events.signalingState;
    }

    @Override
    public IceConnectionState iceConnectionState() {
        return closed ? IceConnectionState.CLOSED : events.iceConnectionState;
    }

    @Override
    public PeerConnectionState connectionState() {
        return closed ? PeerConnectionState.CLOSED : events.connectionState;
    }

    @Override
    public void restartIce() {
        onOps(() -> {
            if (!closed) pc.restartIce();
        });
    }

    @Override
    public WebRtcDataChannel createDataChannel(String label, DataChannelOptions options) {
        if (closed) throw new IllegalStateException("closed");
        RTCDataChannelInit init = new RTCDataChannelInit();
        init.ordered = options.ordered();
        init.negotiated = options.negotiated();
        init.id = options.negotiated() ? options.id() : -1;
        return adopt(pc.createDataChannel(label, init));
    }

    WebRtcDataChannel adopt(dev.onvoid.webrtc.RTCDataChannel channel) {
        WebRtcDataChannel adapter = new WebRtcDataChannel(channel, rtc.timer);
        channels.add(adapter);
        if (closed) adapter.release();
        return adapter;
    }

    @Override
    public CompletableFuture<RtcStats> stats() {
        CompletableFuture<RtcStats> result = track(new CompletableFuture<>());
        onOps(() -> {
            if (closed) {
                result.completeExceptionally(new IllegalStateException("closed"));
                return;
            }
            pc.getStats(report -> Threads.callback("stats", () -> completeOnOps(result, StatsReader.read(report), null)));
        });
        return result;
    }

    /** The local media this peer sends. */
    public WebRtcMedia media() {
        return media;
    }

    /** The remote tracks received so far (and not removed). */
    public List<WebRtcRemoteTrack> remoteTracks() {
        return events.remoteTracks();
    }

    /**
     * Closes the connection, its data channels and the sinks on its remote tracks. Outside
     * webrtc's callbacks this returns when the native side is released; inside one (the observer's),
     * the release follows on the ops thread, as a native close must not run there.
     */
    @Override
    public void close() {
        synchronized (chainLock) {
            if (closed) return;
            closed = true;
        }
        events.mute();
        if (rtc.onOpsThread()) {
            teardown();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        onOps(() -> {
            try {
                teardown();
            } finally {
                done.complete(null);
            }
        });
        if (Threads.inNativeCallback()) return;
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("closing a peer connection took over 10 s");
        }
    }

    private void teardown() {
        media.detach(this); // no more samples into this peer's audio sources
        events.releaseRemoteTracks();
        for (WebRtcDataChannel channel : channels) channel.mute();
        try {
            pc.close();
        } catch (Throwable e) {
            log.debug("closing the peer connection", e);
        }
        for (WebRtcDataChannel channel : channels) channel.release();
        media.release(this);
        IllegalStateException closedError = new IllegalStateException("closed");
        for (CompletableFuture<?> f : pending) f.completeExceptionally(closedError);
        rtc.forget(this);
    }

    // --- the operations chain -------------------------------------------------------------------

    private <T> CompletableFuture<T> enqueue(Supplier<CompletableFuture<T>> operation) {
        CompletableFuture<T> result = track(new CompletableFuture<>());
        synchronized (chainLock) {
            if (closed) {
                result.completeExceptionally(new IllegalStateException("closed"));
                return result;
            }
            CompletableFuture<?> previous = tail;
            tail = result.handle((v, e) -> null);
            previous.whenComplete((v, e) -> onOps(() -> start(operation, result)));
        }
        return result;
    }

    private <T> void start(Supplier<CompletableFuture<T>> operation, CompletableFuture<T> result) {
        if (closed) {
            result.completeExceptionally(new IllegalStateException("closed"));
            return;
        }
        try {
            operation.get().whenComplete((v, e) -> completeOnOps(result, v, e));
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }

    private CompletableFuture<RTCSessionDescription> create(boolean offer) {
        CompletableFuture<RTCSessionDescription> f = track(new CompletableFuture<>());
        CreateSessionDescriptionObserver observer = new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                Threads.callback("create", () -> completeOnOps(f, description, null));
            }

            @Override
            public void onFailure(String error) {
                Threads.callback("create", () -> completeOnOps(f, null, new RtcOperationException(error)));
            }
        };
        if (offer) pc.createOffer(new RTCOfferOptions(), observer);
        else pc.createAnswer(new RTCAnswerOptions(), observer);
        return f;
    }

    private CompletableFuture<Void> setNative(boolean local, RTCSessionDescription description) {
        CompletableFuture<Void> f = track(new CompletableFuture<>());
        SetSessionDescriptionObserver observer = new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                Threads.callback("set description", () -> completeOnOps(f, null, null));
            }

            @Override
            public void onFailure(String error) {
                Threads.callback("set description", () -> completeOnOps(f, null, new RtcOperationException(error)));
            }
        };
        if (local) pc.setLocalDescription(description, observer);
        else pc.setRemoteDescription(description, observer);
        return f;
    }

    private <T> CompletableFuture<T> track(CompletableFuture<T> f) {
        pending.add(f);
        f.whenComplete((v, e) -> pending.remove(f));
        return f;
    }

    /** Completes on the ops thread, so that what follows never runs on a native thread. */
    private <T> void completeOnOps(CompletableFuture<T> f, T value, Throwable error) {
        onOps(() -> {
            if (error != null) f.completeExceptionally(error instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : error);
            else f.complete(value);
        });
    }

    private void onOps(Runnable r) {
        try {
            rtc.ops.execute(r);
        } catch (RejectedExecutionException e) {
            r.run(); // the factory is closing: run it here rather than lose it
        }
    }

    @Override
    public String toString() {
        return "WebRtcPeer[" + signalingState() + ", " + connectionState() + "]";
    }
}
