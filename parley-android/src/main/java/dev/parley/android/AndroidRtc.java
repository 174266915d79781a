package dev.parley.android;

import android.content.Context;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.rtc.RtcPeer;
import dev.parley.client.rtc.RtcPeerFactory;
import dev.parley.client.rtc.RtcPeerObserver;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.webrtc.Camera2Enumerator;
import org.webrtc.DefaultVideoDecoderFactory;
import org.webrtc.DefaultVideoEncoderFactory;
import org.webrtc.EglBase;
import org.webrtc.PeerConnection;
import org.webrtc.PeerConnectionFactory;
import org.webrtc.audio.AudioDeviceModule;
import org.webrtc.audio.JavaAudioDeviceModule;

/**
 * The call layer's peer connections on Android, over org.webrtc ({@code io.github.webrtc-sdk:android}):
 * one factory with hardware video codecs where the device has them (software VP8/VP9/AV1 otherwise),
 * the shared EGL context renderers need, and the phone's audio device. Make one per app (or per
 * call screen), and close it once its calls and media are closed.
 *
 * <pre>{@code
 * AndroidRtc rtc = AndroidRtc.create(context);
 * localView.init(rtc.eglContext(), null);
 * CameraMedia camera = rtc.camera(context, CameraMedia.Options.defaults());
 * camera.video().addSink(localView);
 * }</pre>
 */
public final class AndroidRtc implements RtcPeerFactory, AutoCloseable {
    private static final AtomicBoolean initialized = new AtomicBoolean();

    private final EglBase egl;
    private final AudioDeviceModule audio;
    private final PeerConnectionFactory factory;
    /** Peers made and not yet closed, closed with the factory if the app forgot them. */
    private final Set<AndroidPeer> peers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private AndroidRtc(Context context) {
        this.egl = EglBase.create();
        this.audio = JavaAudioDeviceModule.builder(context)
                .setUseHardwareAcousticEchoCanceler(true)
                .setUseHardwareNoiseSuppressor(true)
                .createAudioDeviceModule();
        this.factory = PeerConnectionFactory.builder()
                .setAudioDeviceModule(audio)
                .setVideoEncoderFactory(new DefaultVideoEncoderFactory(egl.getEglBaseContext(), true, true))
                .setVideoDecoderFactory(new DefaultVideoDecoderFactory(egl.getEglBaseContext()))
                .createPeerConnectionFactory();
    }

    /** Loads libwebrtc (once per process) and makes a factory. */
    public static AndroidRtc create(Context context) {
        Context app = context.getApplicationContext();
        if (initialized.compareAndSet(false, true)) {
            PeerConnectionFactory.initialize(PeerConnectionFactory.InitializationOptions.builder(app).createInitializationOptions());
        }
        return new AndroidRtc(app);
    }

    /** The EGL context to {@code init} renderers ({@code SurfaceViewRenderer}) with. */
    public EglBase.Context eglContext() {
        return egl.getEglBaseContext();
    }

    /** Starts the camera and the microphone. */
    public CameraMedia camera(Context context, CameraMedia.Options options) {
        return new CameraMedia(factory, egl.getEglBaseContext(), context, new Camera2Enumerator(context), options);
    }

    /** Starts the microphone alone. */
    public MicrophoneMedia microphone() {
        return new MicrophoneMedia(factory);
    }

    /**
     * @param media {@link LocalMedia#NONE} (receive only) or media this factory made
     */
    @Override
    public RtcPeer create(Configuration configuration, LocalMedia media, RtcPeerObserver observer) {
        if (closed.get()) throw new IllegalStateException("closed");
        if (media != LocalMedia.NONE && !(media instanceof AndroidMedia)) {
            throw new IllegalArgumentException("media must come from AndroidRtc, not " + media);
        }
        var events = new PeerEvents(observer);
        PeerConnection pc = factory.createPeerConnection(RtcTypes.configuration(configuration), events);
        if (pc == null) throw new IllegalStateException("org.webrtc could not make a peer connection for " + configuration);
        if (media instanceof AndroidMedia m) m.addTo(pc);
        var peer = new AndroidPeer(pc, events, peers::remove);
        peers.add(peer);
        return peer;
    }

    /** Closes the peers still open, then frees the factory, the audio device and EGL. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        for (AndroidPeer peer : List.copyOf(peers)) peer.close();
        factory.dispose();
        audio.release();
        egl.release();
    }
}
