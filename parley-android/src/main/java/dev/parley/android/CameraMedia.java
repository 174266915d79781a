package dev.parley.android;

import android.content.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.webrtc.CameraEnumerator;
import org.webrtc.CameraVideoCapturer;
import org.webrtc.EglBase;
import org.webrtc.MediaStreamTrack;
import org.webrtc.PeerConnectionFactory;
import org.webrtc.SurfaceTextureHelper;
import org.webrtc.VideoSource;
import org.webrtc.VideoTrack;

/**
 * The camera (Camera2) and the microphone: a video call. Captures from the front camera unless
 * told otherwise; {@link #switchCamera()} turns to the other one. Show {@link #video()} in a
 * {@code SurfaceViewRenderer} for the local preview. Needs the {@code CAMERA} and
 * {@code RECORD_AUDIO} permissions.
 */
public final class CameraMedia extends AndroidMedia {
    private final MicrophoneMedia microphone;
    private final CameraVideoCapturer capturer;
    private final SurfaceTextureHelper textures;
    private final VideoSource source;
    private final VideoTrack video;

    /** Guarded by {@code this}. */
    private boolean closed;

    CameraMedia(PeerConnectionFactory factory, EglBase.Context egl, Context context, CameraEnumerator cameras, Options options) {
        String name = pick(cameras, options.front());
        if (name == null) throw new IllegalStateException("this device has no camera");
        this.microphone = new MicrophoneMedia(factory);
        this.capturer = cameras.createCapturer(name, null);
        this.textures = SurfaceTextureHelper.create("parley-camera", egl);
        this.source = factory.createVideoSource(capturer.isScreencast());
        capturer.initialize(textures, context.getApplicationContext(), source.getCapturerObserver());
        capturer.startCapture(options.width(), options.height(), options.fps());
        this.video = factory.createVideoTrack(streamId() + "-video", source);
    }

    /**
     * @param front the front camera (a selfie view) rather than the back one
     */
    public record Options(boolean front, int width, int height, int fps) {
        /** The front camera at 1280x720, 30 frames a second (the camera picks the nearest it has). */
        public static Options defaults() {
            return new Options(true, 1280, 720, 30);
        }
    }

    /**
     * The camera to open: the first one facing the asked way, or else the first there is (a tablet
     * may have only a back camera, an emulator only a front one); null when there is none.
     */
    static String pick(CameraEnumerator cameras, boolean front) {
        String[] names = cameras.getDeviceNames();
        for (String name : names) {
            if (front ? cameras.isFrontFacing(name) : cameras.isBackFacing(name)) return name;
        }
        return names.length > 0 ? names[0] : null;
    }

    /** The camera's track, for the local preview. */
    public VideoTrack video() {
        return video;
    }

    public MicrophoneMedia microphone() {
        return microphone;
    }

    /**
     * Turns to the next camera (front to back and back); completes with whether the one now in use
     * faces the front. The tracks stay the same, so calls carry on without renegotiating.
     */
    public CompletableFuture<Boolean> switchCamera() {
        var done = new CompletableFuture<Boolean>();
        synchronized (this) {
            if (closed) return Futures.failed(new IllegalStateException("closed"));
            capturer.switchCamera(new CameraVideoCapturer.CameraSwitchHandler() {
                @Override
                public void onCameraSwitchDone(boolean isFrontCamera) {
                    done.complete(isFrontCamera);
                }

                @Override
                public void onCameraSwitchError(String error) {
                    done.completeExceptionally(new IllegalStateException("could not switch cameras: " + error));
                }
            });
        }
        return done;
    }

    /** Turns the picture off (black frames) or on without renegotiating. */
    public synchronized void setVideoEnabled(boolean enabled) {
        if (!closed) video.setEnabled(enabled);
    }

    @Override
    List<MediaStreamTrack> tracks() {
        var tracks = new ArrayList<MediaStreamTrack>(microphone.tracks());
        tracks.add(video);
        return tracks;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            capturer.stopCapture(); // waits for the camera thread to let go
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        capturer.dispose();
        video.dispose();
        source.dispose();
        textures.dispose();
        microphone.close();
    }
}
