package dev.parley.android.sample;

import android.app.Activity;
import android.app.Application;

/** The sample's application: makes the real backend for the call screen. */
public class SampleApp extends Application implements CallBackend.Factory {
    /**
     * The Parley server the sample talks to: on the Android emulator, 10.0.2.2 is the development
     * machine's loopback, where {@code ./parley} listens by default.
     */
    public static final String SERVER = "ws://10.0.2.2:8080/ws";

    @Override
    public CallBackend callBackend(Activity activity) {
        return new AndroidCallBackend(activity, SERVER);
    }
}
