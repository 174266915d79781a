package dev.parley.android.sample;

import android.app.Activity;
import android.app.Application;
import java.net.URI;

/** The sample's application: makes the real backend for the call screen. */
public class SampleApp extends Application implements CallBackend.Factory {
    /**
     * The Parley server the sample talks to: on the Android emulator, 10.0.2.2 is the development
     * machine's loopback, where {@code ./parley} listens by default.
     */
    public static final URI SERVER = URI.create("ws://10.0.2.2:8080/ws");

    @Override
    public CallBackend callBackend(Activity activity) {
        return new AndroidCallBackend(activity, SERVER);
    }
}
