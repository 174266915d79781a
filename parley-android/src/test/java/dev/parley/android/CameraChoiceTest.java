package dev.parley.android;

import static org.assertj.core.api.Assertions.assertThat;
import static org.robolectric.Shadows.shadowOf;

import android.content.Context;
import android.hardware.camera2.CameraCharacteristics;
import android.hardware.camera2.CameraManager;
import android.hardware.camera2.CameraMetadata;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.shadows.ShadowCameraCharacteristics;
import org.webrtc.Camera2Enumerator;
import org.webrtc.CameraVideoCapturer;

/**
 * Which camera {@link CameraMedia} opens, with org.webrtc's real {@link Camera2Enumerator} reading
 * the cameras Robolectric's {@link CameraManager} reports (no natives involved).
 */
@RunWith(RobolectricTestRunner.class)
public class CameraChoiceTest {
    private Context context;
    private CameraManager cameras;

    @Before
    public void cameras() {
        context = RuntimeEnvironment.getApplication();
        cameras = context.getSystemService(CameraManager.class);
    }

    private void add(String id, int facing) {
        CameraCharacteristics c = ShadowCameraCharacteristics.newCameraCharacteristics();
        shadowOf(c).set(CameraCharacteristics.LENS_FACING, facing);
        shadowOf(cameras).addCamera(id, c);
    }

    @Test
    public void theFrontCameraUnlessTheBackOneIsAskedFor() {
        add("0", CameraMetadata.LENS_FACING_BACK);
        add("1", CameraMetadata.LENS_FACING_FRONT);
        var enumerator = new Camera2Enumerator(context);

        assertThat(enumerator.getDeviceNames()).containsExactly("0", "1");
        assertThat(CameraMedia.pick(enumerator, true)).isEqualTo("1");
        assertThat(CameraMedia.pick(enumerator, false)).isEqualTo("0");
        assertThat(CameraMedia.Options.defaults().front()).isTrue();
    }

    @Test
    public void aDeviceWithOneCameraUsesItWhicheverWayItFaces() {
        add("0", CameraMetadata.LENS_FACING_BACK);

        assertThat(CameraMedia.pick(new Camera2Enumerator(context), true)).isEqualTo("0");
    }

    @Test
    public void noCameraNoPick() {
        assertThat(CameraMedia.pick(new Camera2Enumerator(context), true)).isNull();
    }

    @Test
    public void theChosenCameraGetsACamera2Capturer() {
        add("1", CameraMetadata.LENS_FACING_FRONT);
        var enumerator = new Camera2Enumerator(context);

        CameraVideoCapturer capturer = enumerator.createCapturer(CameraMedia.pick(enumerator, true), null);

        assertThat(capturer.getClass().getName()).isEqualTo("org.webrtc.Camera2Capturer");
        assertThat(capturer.isScreencast()).isFalse();
    }
}
