package dev.parley.android.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.robolectric.Shadows.shadowOf;

import android.os.Looper;
import android.view.View;
import dev.parley.android.AndroidRemoteTrack;
import dev.parley.android.FakeTracks;
import dev.parley.android.sample.CallActivity.State;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.annotation.Config;

/**
 * The sample's call screen under Robolectric, driven as the call layer would drive it (events from
 * another thread), with a backend that needs no libwebrtc.
 */
@RunWith(RobolectricTestRunner.class)
@Config(application = FakeCallApp.class)
public class CallActivityTest {
    private FakeCallApp app;
    private ActivityController<CallActivity> controller;
    private CallActivity activity;
    private CallScreen screen;

    @Before
    public void grantAndStart() {
        app = (FakeCallApp) org.robolectric.RuntimeEnvironment.getApplication();
        shadowOf(app).grantPermissions(CallActivity.PERMISSIONS);
        start();
    }

    private void start() {
        controller = Robolectric.buildActivity(CallActivity.class).setup();
        activity = controller.get();
        screen = activity.screen();
    }

    @After
    public void finish() {
        if (controller != null) controller.pause().stop().destroy();
    }

    /** Sends an event from another thread, as libwebrtc's and the signaling client's do, and lets the main thread run it. */
    private void fromAnotherThread(Runnable event) throws InterruptedException {
        var t = new Thread(event, "call-layer");
        t.start();
        t.join(5_000);
        shadowOf(Looper.getMainLooper()).idle();
    }

    private void joinRoom(String name) {
        screen.room.setText(name);
        assertThat(screen.join.performClick()).isTrue();
    }

    @Test
    public void startsIdleWithTheLocalPreviewOn() {
        assertThat(activity.state()).isEqualTo(State.IDLE);
        assertThat(app.backend.made).isEqualTo(1);
        assertThat(app.backend.camera.sinks).containsExactly(screen.localVideo);
        assertThat(screen.join.isEnabled()).isTrue();
        assertThat(screen.leave.isEnabled()).isFalse();
        assertThat(screen.remoteVideo.getVisibility()).isEqualTo(View.INVISIBLE);
    }

    @Test
    public void joinWaitCallAndLeave() throws Exception {
        joinRoom(" standup ");

        FakeCallApp.FakeCall call = app.backend.lastCall();
        assertThat(call.room).isEqualTo("standup");
        assertThat(activity.state()).isEqualTo(State.JOINING);
        assertThat(screen.status.getText().toString()).isEqualTo("Joining standup…");
        assertThat(screen.join.isEnabled()).isFalse();
        assertThat(screen.leave.isEnabled()).isTrue();

        fromAnotherThread(() -> call.events.onJoined(0));
        assertThat(activity.state()).isEqualTo(State.WAITING);
        assertThat(screen.status.getText().toString()).isEqualTo("Waiting for someone to join standup");

        var theirCamera = new FakeTracks.Video("their-camera");
        AndroidRemoteTrack remote = FakeTracks.remote(theirCamera);
        fromAnotherThread(() -> call.events.onRemoteVideo(remote));
        assertThat(activity.state()).isEqualTo(State.IN_CALL);
        assertThat(screen.status.getText().toString()).isEqualTo("In a call in standup");
        assertThat(theirCamera.sinks).as("their video goes to the full-screen renderer").containsExactly(screen.remoteVideo);
        assertThat(screen.remoteVideo.getVisibility()).isEqualTo(View.VISIBLE);

        assertThat(screen.leave.performClick()).isTrue();
        assertThat(call.left).isEqualTo(1);
        assertThat(activity.state()).isEqualTo(State.LEFT);
        assertThat(screen.status.getText().toString()).isEqualTo("Left standup");
        assertThat(theirCamera.sinks).isEmpty();
        assertThat(screen.remoteVideo.getVisibility()).isEqualTo(View.INVISIBLE);
        assertThat(screen.join.isEnabled()).isTrue();

        // events of the call left behind change nothing
        fromAnotherThread(() -> call.events.onRemoteVideo(remote));
        assertThat(activity.state()).isEqualTo(State.LEFT);
        assertThat(theirCamera.sinks).isEmpty();
    }

    @Test
    public void whenTheOtherLeavesTheScreenWaitsForTheNext() throws Exception {
        joinRoom("standup");
        FakeCallApp.FakeCall call = app.backend.lastCall();
        var first = new FakeTracks.Video("first");
        fromAnotherThread(() -> call.events.onJoined(1));
        fromAnotherThread(() -> call.events.onRemoteVideo(FakeTracks.remote(first)));

        fromAnotherThread(() -> call.events.onPeerLeft());

        assertThat(activity.state()).isEqualTo(State.WAITING);
        assertThat(first.sinks).isEmpty();
        var second = new FakeTracks.Video("second");
        fromAnotherThread(() -> call.events.onRemoteVideo(FakeTracks.remote(second)));
        assertThat(activity.state()).isEqualTo(State.IN_CALL);
        assertThat(second.sinks).containsExactly(screen.remoteVideo);
        assertThat(call.left).isZero();
    }

    @Test
    public void aFullRoomAndAFailedCallEndTheCallAndLetTheUserTryAgain() throws Exception {
        joinRoom("standup");
        FakeCallApp.FakeCall full = app.backend.lastCall();
        fromAnotherThread(() -> full.events.onFull());
        assertThat(activity.state()).isEqualTo(State.FULL);
        assertThat(screen.status.getText().toString()).isEqualTo("standup already has two people in it");
        assertThat(full.left).isEqualTo(1);

        joinRoom("other");
        FakeCallApp.FakeCall failing = app.backend.lastCall();
        assertThat(failing).isNotSameAs(full);
        fromAnotherThread(() -> failing.events.onFailed("signaling lost"));
        assertThat(activity.state()).isEqualTo(State.FAILED);
        assertThat(screen.status.getText().toString()).isEqualTo("The call failed: signaling lost");
        assertThat(screen.join.isEnabled()).isTrue();
    }

    @Test
    public void anEmptyRoomNameJoinsNothing() {
        joinRoom("   ");

        assertThat(app.backend.calls).isEmpty();
        assertThat(activity.state()).isEqualTo(State.IDLE);
        assertThat(screen.room.getError()).isNotNull();
    }

    @Test
    public void closingTheScreenLeavesTheCallAndFreesTheBackend() throws Exception {
        joinRoom("standup");
        FakeCallApp.FakeCall call = app.backend.lastCall();
        var theirCamera = new FakeTracks.Video("their-camera");
        fromAnotherThread(() -> call.events.onRemoteVideo(FakeTracks.remote(theirCamera)));

        controller.pause().stop().destroy();
        controller = null;

        assertThat(call.left).isEqualTo(1);
        assertThat(theirCamera.sinks).isEmpty();
        assertThat(app.backend.camera.sinks).isEmpty();
        assertThat(app.backend.closed).isTrue();
    }

    @Test
    public void withoutPermissionsNothingStartsUntilTheyAreGranted() {
        controller.pause().stop().destroy();
        shadowOf(app).denyPermissions(CallActivity.PERMISSIONS);
        app.backend.made = 0;
        start();

        assertThat(activity.state()).isEqualTo(State.NEEDS_PERMISSIONS);
        assertThat(screen.join.isEnabled()).isFalse();
        assertThat(app.backend.made).isZero();
        assertThat(shadowOf(activity).getLastRequestedPermission().requestedPermissions).containsExactly(CallActivity.PERMISSIONS);

        shadowOf(app).grantPermissions(CallActivity.PERMISSIONS);
        activity.onRequestPermissionsResult(CallActivity.PERMISSION_REQUEST, CallActivity.PERMISSIONS, new int[] {0, 0});

        assertThat(app.backend.made).isEqualTo(1);
        assertThat(activity.state()).isEqualTo(State.IDLE);
    }
}
