package dev.parley.client.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Frame formats, the test pattern, SDP reading and input checks: no network, no peer. */
class MediaFormatsTest {
    @Test
    void argbSurvivesTheTripThroughI420WithinRounding() {
        int w = 6, h = 4;
        int[] argb = new int[w * h];
        for (int i = 0; i < argb.length; i++) argb[i] = 0xff000000 | (i * 10 << 16) | (200 - i * 5 << 8) | (i * 7);
        // Uniform 2x2 blocks, so chroma subsampling loses nothing but rounding.
        for (int y = 0; y < h; y += 2) for (int x = 0; x < w; x += 2) {
            int c = argb[y * w + x];
            argb[y * w + x + 1] = argb[(y + 1) * w + x] = argb[(y + 1) * w + x + 1] = c;
        }
        int[] back = I420Frame.fromArgb(argb, w, h).toArgb();
        for (int i = 0; i < argb.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                assertThat((back[i] >> shift) & 0xff).as("pixel %d, channel %d", i, shift).isCloseTo((argb[i] >> shift) & 0xff,
                        org.assertj.core.data.Offset.offset(4));
            }
        }
    }

    @Test
    void oddSizesHaveRoundedUpChromaAndBadPlanesAreRefused() {
        I420Frame f = I420Frame.fromArgb(new int[5 * 3], 5, 3);
        assertThat(f.u()).hasSize(3 * 2);
        assertThatThrownBy(() -> new I420Frame(4, 4, new byte[16], new byte[3], new byte[4])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> I420Frame.fromArgb(new int[4], 1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> I420Frame.fromArgb(new int[10], 5000, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTestPatternCarriesItsFrameNumber() {
        for (long n : new long[] {0, 1, 2, 77, 1234, 65535, 65536 + 5}) {
            assertThat(TestPattern.counter(TestPattern.frame(320, 240, n))).isEqualTo((int) (n & 0xffff));
            assertThat(TestPattern.counter(TestPattern.frame(640, 480, n))).isEqualTo((int) (n & 0xffff));
        }
    }

    @Test
    void streamIdsComeFromTheMsidOfTheTracksSection() {
        String sdp = String.join("\r\n", "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:0", "a=msid:cam-stream a0",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=msid:cam-stream v0", "a=mid:1",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:2", "a=msid:screen-stream v1", "a=msid:other v1",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:3", "a=msid:- v2", "");
        assertThat(Sdp.streamIds(sdp, "0")).containsExactly("cam-stream");
        assertThat(Sdp.streamIds(sdp, "1")).containsExactly("cam-stream");
        assertThat(Sdp.streamIds(sdp, "2")).containsExactly("screen-stream", "other");
        assertThat(Sdp.streamIds(sdp, "3")).isEmpty();
        assertThat(Sdp.streamIds(sdp, "9")).isEmpty();
        assertThat(Sdp.streamIds(null, "0")).isEmpty();
        assertThat(Sdp.usernameFragment("candidate:1 1 udp 2122260223 127.0.0.1 4000 typ host generation 0 ufrag Ab/c network-id 1"))
                .isEqualTo("Ab/c");
    }

    @Test
    void pushedInputsCheckWhatTheyAreGiven() {
        try (WebRtc rtc = WebRtc.headless()) {
            PushedAudio audio = rtc.pushedAudio();
            audio.push(new short[480], 1);
            audio.push(new short[960], 2);
            audio.push(new byte[441 * 2], 44_100, 1);
            assertThatThrownBy(() -> audio.push(new short[479], 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> audio.push(new short[480 * 3], 3)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> audio.push(new byte[100], 22_050, 1)).isInstanceOf(IllegalArgumentException.class);

            PushedVideo video = rtc.pushedVideo();
            video.push(TestPattern.frame(64, 48, 3));
            video.pushArgb(new int[16 * 8], 16, 8);
            video.push(new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB));
            java.nio.ByteBuffer y = java.nio.ByteBuffer.allocateDirect(20 * 8), uv = java.nio.ByteBuffer.allocateDirect(10 * 4);
            video.pushI420(16, 8, y, 20, uv, 10, uv.duplicate(), 10);
            assertThatThrownBy(() -> video.pushI420(16, 8, y, 12, uv, 10, uv, 10)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> video.pushI420(16, 8, java.nio.ByteBuffer.allocate(10), 16, uv, 10, uv, 10))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
