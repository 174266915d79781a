package dev.parley.android.sample;

import android.app.Activity;
import org.webrtc.EglBase;
import org.webrtc.VideoTrack;

/**
 * Everything the call screen uses that needs libwebrtc's natives: the renderers' EGL context, the
 * camera, and the call. The app's own ({@link AndroidCallBackend}) loads org.webrtc; tests give the
 * screen one without natives.
 */
public interface CallBackend extends AutoCloseable {
    /** The context to initialize renderers with, or null when nothing is drawn. */
    EglBase.Context eglContext();

    /** The camera's track for the local preview, or null when there is no camera. */
    VideoTrack localVideo();

    /** A new call sending this backend's camera and microphone. */
    RoomCall newCall();

    /** Stops the camera and frees libwebrtc; after the call has been left. */
    @Override
    void close();

    /** Implemented by the application class, so that tests can swap the backend. */
    interface Factory {
        /** Called once the camera and microphone permissions are granted. */
        CallBackend callBackend(Activity activity);
    }
}
