package dev.parley.android;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.rtc.RemoteTrack;
import org.junit.jupiter.api.Test;
import org.webrtc.VideoSink;

/** What an activity does with a remote track: show it in a renderer, and let go of it at any time. */
class AndroidRemoteTrackTest {
    private final VideoSink renderer = frame -> {};

    @Test
    void aVideoTrackTakesAndDropsARenderer() {
        var video = new FakeTracks.Video("v-1");
        var remote = new AndroidRemoteTrack(video);

        assertThat(remote.kind()).isEqualTo(RemoteTrack.Kind.VIDEO);
        assertThat(remote.addSink(renderer)).isTrue();
        assertThat(video.sinks).containsExactly(renderer);
        remote.removeSink(renderer);
        assertThat(video.sinks).isEmpty();
    }

    @Test
    void afterThePeerConnectionDisposedItSinksAreNoOps() {
        var video = new FakeTracks.Video("v-1");
        var remote = new AndroidRemoteTrack(video);
        remote.addSink(renderer);

        video.dispose(); // what PeerConnection.dispose() does to its receivers' tracks

        assertThat(remote.addSink(renderer)).isFalse();
        remote.removeSink(renderer); // no IllegalStateException from org.webrtc
    }

    @Test
    void anAudioTrackHasNoPicture() {
        var remote = new AndroidRemoteTrack(new FakeTracks.Audio("a-1"));

        assertThat(remote.kind()).isEqualTo(RemoteTrack.Kind.AUDIO);
        assertThat(remote.video()).isNull();
        assertThat(remote.audio()).isNotNull();
        assertThat(remote.addSink(renderer)).isFalse();
    }
}
