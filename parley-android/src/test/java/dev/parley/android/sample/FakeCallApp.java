package dev.parley.android.sample;

import android.app.Activity;
import android.app.Application;
import dev.parley.android.FakeTracks;
import java.util.ArrayList;
import java.util.List;
import org.webrtc.EglBase;
import org.webrtc.VideoTrack;

/**
 * The sample's application for tests: a backend without libwebrtc (no renderer is initialized, so
 * nothing is drawn) whose calls the test drives, as the call layer would.
 */
public class FakeCallApp extends Application implements CallBackend.Factory {
    final FakeBackend backend = new FakeBackend();

    @Override
    public CallBackend callBackend(Activity activity) {
        backend.made++;
        return backend;
    }

    static final class FakeBackend implements CallBackend {
        final FakeTracks.Video camera = new FakeTracks.Video("local-camera");
        final List<FakeCall> calls = new ArrayList<>();
        int made;
        boolean closed;

        @Override
        public EglBase.Context eglContext() {
            return null;
        }

        @Override
        public VideoTrack localVideo() {
            return camera;
        }

        @Override
        public RoomCall newCall() {
            var call = new FakeCall();
            calls.add(call);
            return call;
        }

        @Override
        public void close() {
            closed = true;
        }

        FakeCall lastCall() {
            return calls.get(calls.size() - 1);
        }
    }

    static final class FakeCall implements RoomCall {
        volatile String room;
        volatile Events events;
        volatile int left;

        @Override
        public void join(String room, Events events) {
            this.room = room;
            this.events = events;
        }

        @Override
        public void leave() {
            left++;
        }
    }
}
