package dev.parley.android.sample;

import android.content.Context;
import dev.parley.android.AndroidRtc;
import dev.parley.android.CameraMedia;
import dev.parley.android.OkHttpWebSockets;
import dev.parley.client.Parley;
import java.net.URI;
import org.webrtc.EglBase;
import org.webrtc.VideoTrack;

/**
 * The real backend: org.webrtc's factory, the front camera and the microphone, and a Parley session
 * over OkHttp that reconnects by itself; each call is the shared call layer's {@code MediaCall}.
 */
public final class AndroidCallBackend implements CallBackend {
    private final AndroidRtc rtc;
    private final CameraMedia camera;
    private final Parley parley;

    public AndroidCallBackend(Context context, URI server) {
        this.rtc = AndroidRtc.create(context);
        this.camera = rtc.camera(context, CameraMedia.Options.defaults());
        this.parley = Parley.builder(server).connector(new OkHttpWebSockets()).rtc(rtc).build();
        parley.connect(); // early; each call waits for it with ready(), which connects again if it failed
    }

    @Override
    public EglBase.Context eglContext() {
        return rtc.eglContext();
    }

    @Override
    public VideoTrack localVideo() {
        return camera.video();
    }

    @Override
    public RoomCall newCall() {
        return new ParleyRoomCall(parley, camera);
    }

    /**
     * Ends the session (and with it any call), then the camera, then libwebrtc (which closes any
     * peer still open first). Off the main thread: closing the session waits briefly for the
     * server, and stopping the camera for its thread.
     */
    @Override
    public void close() {
        new Thread(() -> {
            parley.close();
            camera.close();
            rtc.close();
        }, "parley-teardown").start();
    }
}
