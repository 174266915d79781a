package dev.parley.android.sample;

import android.Manifest;
import android.app.Activity;
import android.content.pm.PackageManager;
import android.os.Bundle;
import android.view.View;
import dev.parley.android.AndroidRemoteTrack;
import org.webrtc.EglBase;
import org.webrtc.RendererCommon;
import org.webrtc.VideoTrack;

/**
 * Seed 000's Android client on Parley: type a room name, join, see yourself in the corner and the
 * other person full screen once they come, leave. Everything here runs on the main thread; the
 * call's events come from any thread and are brought here first.
 */
public class CallActivity extends Activity {
    static final String[] PERMISSIONS = {Manifest.permission.CAMERA, Manifest.permission.RECORD_AUDIO};
    static final int PERMISSION_REQUEST = 1;

    /** Where the screen is; each has its status line. */
    enum State {
        NEEDS_PERMISSIONS,
        IDLE,
        JOINING,
        WAITING,
        IN_CALL,
        FULL,
        LEFT,
        FAILED
    }

    // All confined to the main thread.
    private CallScreen screen;
    private CallBackend backend;
    private RoomCall call;
    private String room;
    private State state;
    private AndroidRemoteTrack remote;
    private boolean renderersReady;

    @Override
    protected void onCreate(Bundle saved) {
        super.onCreate(saved);
        screen = new CallScreen(this);
        setContentView(screen.root);
        screen.join.setOnClickListener(v -> join());
        screen.leave.setOnClickListener(v -> leave());
        if (granted()) start();
        else {
            show(State.NEEDS_PERMISSIONS, "Parley needs the camera and the microphone for calls");
            requestPermissions(PERMISSIONS, PERMISSION_REQUEST);
        }
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] results) {
        if (requestCode == PERMISSION_REQUEST && granted() && backend == null) start();
    }

    private boolean granted() {
        for (String p : PERMISSIONS) {
            if (checkSelfPermission(p) != PackageManager.PERMISSION_GRANTED) return false;
        }
        return true;
    }

    private void start() {
        backend = ((CallBackend.Factory) getApplication()).callBackend(this);
        EglBase.Context egl = backend.eglContext();
        if (egl != null) {
            screen.localVideo.init(egl, null);
            screen.localVideo.setMirror(true); // a selfie view, as people expect
            screen.localVideo.setScalingType(RendererCommon.ScalingType.SCALE_ASPECT_FILL);
            screen.remoteVideo.init(egl, null);
            screen.remoteVideo.setScalingType(RendererCommon.ScalingType.SCALE_ASPECT_FIT);
            renderersReady = true;
        }
        VideoTrack local = backend.localVideo();
        if (local != null) local.addSink(screen.localVideo);
        show(State.IDLE, "Type a room name and join; whoever joins the same room is called");
    }

    private void join() {
        String name = screen.room.getText().toString().trim();
        if (name.isEmpty()) {
            screen.room.setError("A room name, please");
            return;
        }
        if (backend == null || call != null) return;
        room = name;
        call = backend.newCall();
        show(State.JOINING, "Joining " + room + "…");
        RoomCall thisCall = call;
        call.join(room, new RoomCall.Events() {
            @Override
            public void onJoined(int others) {
                onMain(thisCall, () -> {
                    if (others == 0) show(State.WAITING, "Waiting for someone to join " + room);
                    else show(State.JOINING, "Calling who is in " + room + "…");
                });
            }

            @Override
            public void onFull() {
                onMain(thisCall, () -> ended(State.FULL, room + " already has two people in it"));
            }

            @Override
            public void onRemoteVideo(AndroidRemoteTrack video) {
                onMain(thisCall, () -> showRemote(video));
            }

            @Override
            public void onPeerLeft() {
                onMain(thisCall, () -> {
                    hideRemote();
                    show(State.WAITING, "They left; waiting for someone to join " + room);
                });
            }

            @Override
            public void onFailed(String reason) {
                onMain(thisCall, () -> ended(State.FAILED, "The call failed: " + reason));
            }
        });
    }

    /** Runs on the main thread, unless that call has been left meanwhile. */
    private void onMain(RoomCall from, Runnable action) {
        runOnUiThread(() -> {
            if (call == from) action.run();
        });
    }

    private void showRemote(AndroidRemoteTrack video) {
        hideRemote();
        remote = video;
        video.addSink(screen.remoteVideo);
        screen.remoteVideo.setVisibility(View.VISIBLE);
        show(State.IN_CALL, "In a call in " + room);
    }

    private void hideRemote() {
        if (remote != null) remote.removeSink(screen.remoteVideo);
        remote = null;
        screen.remoteVideo.setVisibility(View.INVISIBLE);
        if (renderersReady) screen.remoteVideo.clearImage();
    }

    private void leave() {
        if (call == null) return;
        ended(State.LEFT, "Left " + room);
    }

    private void ended(State next, String message) {
        RoomCall ending = call;
        call = null;
        hideRemote();
        if (ending != null) ending.leave();
        show(next, message);
    }

    private void show(State next, String message) {
        state = next;
        screen.status.setText(message);
        boolean inRoom = next == State.JOINING || next == State.WAITING || next == State.IN_CALL;
        screen.join.setEnabled(!inRoom && next != State.NEEDS_PERMISSIONS);
        screen.room.setEnabled(!inRoom);
        screen.leave.setEnabled(inRoom);
    }

    State state() {
        return state;
    }

    CallScreen screen() {
        return screen;
    }

    @Override
    protected void onDestroy() {
        if (call != null) ended(State.LEFT, "Left " + room);
        if (backend != null) {
            VideoTrack local = backend.localVideo();
            if (local != null) local.removeSink(screen.localVideo);
            if (renderersReady) {
                screen.localVideo.release();
                screen.remoteVideo.release();
            }
            backend.close();
            backend = null;
        }
        super.onDestroy();
    }
}
