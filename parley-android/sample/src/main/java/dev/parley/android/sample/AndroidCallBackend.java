package dev.parley.android.sample;

import android.content.Context;
import dev.parley.android.AndroidRtc;
import dev.parley.android.CameraMedia;
import org.webrtc.EglBase;
import org.webrtc.VideoTrack;

/**
 * The real backend: org.webrtc's factory and the front camera, and calls to a Parley server.
 *
 * <p>The call itself is the shared call layer's: {@link #newCall()} is where {@code MediaCall}
 * ({@code joinCall(room, camera)} on a reconnecting {@code Parley} client built with
 * {@code new OkHttpWebSockets()} and this {@code rtc} as its peer factory) plugs in once it lands in
 * parley-client. Until then the screen reports that the call layer is missing.
 */
public final class AndroidCallBackend implements CallBackend {
    private final AndroidRtc rtc;
    private final CameraMedia camera;
    private final String server;

    public AndroidCallBackend(Context context, String server) {
        this.server = server;
        this.rtc = AndroidRtc.create(context);
        this.camera = rtc.camera(context, CameraMedia.Options.defaults());
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
        return new RoomCall() {
            @Override
            public void join(String room, Events events) {
                events.onFailed("the call layer (MediaCall) is not wired into this sample yet; server " + server);
            }

            @Override
            public void leave() {}
        };
    }

    @Override
    public void close() {
        camera.close();
        rtc.close();
    }
}
