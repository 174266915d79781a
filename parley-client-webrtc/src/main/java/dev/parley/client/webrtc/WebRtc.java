package dev.parley.client.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioDeviceModuleBase;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.rtc.RtcPeer;
import dev.parley.client.rtc.RtcPeerFactory;
import dev.parley.client.rtc.RtcPeerObserver;
import dev.parley.protocol.IceServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebRTC with real media for Parley's Java client, on webrtc-java: one native peer-connection
 * factory, the peers it makes ({@link #create}) and the local media they send ({@link #pushedVideo},
 * {@link #pushedAudio}, {@link #synthetic}, {@link #camera}, {@link #screen}, {@link #microphone}).
 *
 * <p>{@link #headless()} plays and records through webrtc-java's headless audio device module: no
 * sound server is needed (a factory with the platform's audio devices aborts the JVM where there is
 * none), remote audio still reaches {@link WebRtcRemoteTrack}'s sample sinks, and audio is sent from
 * pushed samples. {@link #withAudioDevices()} uses the machine's speakers and microphone.
 *
 * <p>Close it when done: it closes its peers and media, then the native factory. Threads: every
 * peer operation runs on one thread of this factory ("parley-webrtc-ops"), which also completes the
 * peers' futures; observers and sinks are called on webrtc's own threads and must not block.
 */
public final class WebRtc implements RtcPeerFactory, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebRtc.class);

    private final AudioDeviceModuleBase audioModule;
    private final PeerConnectionFactory factory;
    private final boolean deviceAudio;
    /** Runs every native operation on a peer, one at a time, and completes the peers' futures. */
    final ExecutorService ops;
    /** Polls data channels' buffered amounts (webrtc-java 0.14 reports no decrease itself). */
    final ScheduledExecutorService timer;

    private volatile Thread opsThread;
    private final Set<WebRtcPeer> peers = ConcurrentHashMap.newKeySet();
    private final Set<AutoCloseable> inputs = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    // guarded by lifecycle
    private boolean closed;

    private WebRtc(AudioDeviceModuleBase audioModule, boolean deviceAudio) {
        this.audioModule = audioModule;
        this.deviceAudio = deviceAudio;
        try {
            this.factory = new PeerConnectionFactory(audioModule);
        } catch (Throwable e) {
            audioModule.dispose();
            throw e;
        }
        java.util.concurrent.ThreadFactory opsThreads = Threads.named("parley-webrtc-ops");
        this.ops = Executors.newSingleThreadExecutor(task -> opsThread = opsThreads.newThread(task));
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.named("parley-webrtc-timer"));
    }

    /** A factory with no sound devices: remote audio goes to sinks, local audio is pushed. */
    public static WebRtc headless() {
        HeadlessAudioDeviceModule module = new HeadlessAudioDeviceModule();
        try {
            // Playout pulls remote audio through the pipeline (without it, sinks get nothing).
            module.initPlayout();
            module.startPlayout();
            module.initRecording();
            module.startRecording();
        } catch (Throwable e) {
            module.dispose();
            throw e;
        }
        return new WebRtc(module, false);
    }

    /**
     * A factory on the machine's speakers and microphone.
     *
     * @throws NoMediaDeviceException where there is no sound server or device (checked before
     *     webrtc touches them: without a sound server some of its calls hang or abort the JVM)
     */
    public static WebRtc withAudioDevices() {
        Devices.requireSoundServer();
        AudioDeviceModule module;
        try {
            module = new AudioDeviceModule();
        } catch (Error e) {
            throw new NoMediaDeviceException("the audio devices could not be opened: " + e.getMessage());
        }
        try {
            if (module.getRecordingDevices().isEmpty()) throw new NoMediaDeviceException("no microphone");
            module.initPlayout();
            module.startPlayout();
        } catch (RuntimeException | Error e) {
            module.dispose();
            throw e instanceof NoMediaDeviceException n ? n : new NoMediaDeviceException("the speakers could not be opened: " + e.getMessage());
        }
        return new WebRtc(module, true);
    }

    @Override
    public WebRtcPeer create(Configuration configuration, LocalMedia media, RtcPeerObserver observer) {
        Objects.requireNonNull(observer, "observer");
        WebRtcMedia local = WebRtcMedia.of(media);
        synchronized (lifecycle) {
            if (closed) throw new IllegalStateException("closed");
            WebRtcPeer peer = WebRtcPeer.open(this, factory, nativeConfiguration(configuration), local, observer);
            peers.add(peer);
            return peer;
        }
    }

    /** A video source the application pushes frames into (I420, ARGB, images). */
    public PushedVideo pushedVideo() {
        return register(() -> new PushedVideo(this, factory));
    }

    /** An audio source the application pushes 16-bit PCM into, in 10 ms chunks. */
    public PushedAudio pushedAudio() {
        return register(() -> new PushedAudio(this, factory));
    }

    /**
     * A moving test pattern and a 440 Hz tone, pushed by a timer thread of its own: for bots and
     * tests. {@link TestPattern#counter} reads a received frame's number back.
     */
    public SyntheticMedia synthetic(int width, int height, int framesPerSecond) {
        PushedVideo video = pushedVideo();
        PushedAudio audio = pushedAudio();
        return register(() -> new SyntheticMedia(video, audio, width, height, framesPerSecond));
    }

    /** The first camera. @throws NoMediaDeviceException when there is none */
    public VideoInput camera() {
        return register(() -> Devices.camera(this, factory));
    }

    /** The first screen. @throws NoMediaDeviceException when there is none (no display) */
    public VideoInput screen() {
        return register(() -> Devices.screen(this, factory));
    }

    /**
     * The default microphone, through the audio devices.
     *
     * @throws NoMediaDeviceException in a {@link #headless()} factory, which has none
     */
    public AudioInput microphone() {
        if (!deviceAudio) throw new NoMediaDeviceException("no microphone: this factory is headless (see WebRtc.withAudioDevices)");
        return register(() -> Devices.microphone(this, factory));
    }

    /** Local media of these inputs (either may be null), in one stream of a fresh id. */
    public WebRtcMedia media(AudioInput audio, VideoInput video) {
        return new WebRtcMedia(audio, video, java.util.UUID.randomUUID().toString());
    }

    /** Makes an input under the lifecycle lock, so that the factory cannot be disposed meanwhile. */
    private <T extends AutoCloseable> T register(java.util.function.Supplier<T> make) {
        synchronized (lifecycle) {
            if (closed) throw new IllegalStateException("closed");
            T input = make.get();
            inputs.add(input);
            return input;
        }
    }

    /** Whether the caller runs on the ops thread, where waiting for an ops task would never end. */
    boolean onOpsThread() {
        return Thread.currentThread() == opsThread;
    }

    void forget(WebRtcPeer peer) {
        peers.remove(peer);
    }

    void forget(AutoCloseable input) {
        inputs.remove(input);
    }

    boolean isClosed() {
        synchronized (lifecycle) {
            return closed;
        }
    }

    private static RTCConfiguration nativeConfiguration(Configuration configuration) {
        RTCConfiguration config = new RTCConfiguration();
        for (IceServer server : configuration.iceServers()) {
            RTCIceServer s = new RTCIceServer();
            s.urls = new ArrayList<>(server.urls());
            s.username = server.username();
            s.password = server.credential();
            config.iceServers.add(s);
        }
        config.iceTransportPolicy = configuration.relayOnly() ? RTCIceTransportPolicy.RELAY : RTCIceTransportPolicy.ALL;
        return config;
    }

    /**
     * Closes every peer and input made here, then the native factory and the audio module, in the
     * order webrtc-java's own tests use: peers, sources, factory, audio module.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) return;
            closed = true;
        }
        for (WebRtcPeer peer : List.copyOf(peers)) peer.close();
        for (AutoCloseable input : List.copyOf(inputs)) Closing.quietly(input);
        timer.shutdownNow();
        ops.shutdown();
        try {
            if (!ops.awaitTermination(10, TimeUnit.SECONDS)) log.warn("webrtc operations still running at close");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            audioModule.stopPlayout();
            audioModule.stopRecording();
        } catch (Throwable e) {
            log.debug("stopping the audio module", e);
        }
        try {
            factory.dispose();
        } catch (Throwable e) {
            // webrtc-java throws an Error when a reference outlives the factory; it is released anyway.
            log.debug("disposing the peer connection factory", e);
        }
        try {
            audioModule.dispose();
        } catch (Throwable e) {
            log.debug("disposing the audio module", e);
        }
    }
}
