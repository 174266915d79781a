package dev.parley.client.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.parley.client.rtc.LocalMedia;
import java.util.List;

/**
 * What a peer sends: an audio input and a video input (either may be null), as one media stream
 * whose id the other side sees (the SDP's {@code msid}). Made by {@link WebRtc#media}; the inputs stay
 * the application's to close.
 */
public record WebRtcMedia(AudioInput audio, VideoInput video, String streamId) implements LocalMedia {
    private static final WebRtcMedia NONE = new WebRtcMedia(null, null, "-");

    static WebRtcMedia of(LocalMedia media) {
        if (media == null || media == LocalMedia.NONE) return NONE;
        if (media instanceof WebRtcMedia m) return m;
        throw new IllegalArgumentException("not media of parley-client-webrtc: " + media);
    }

    void attach(WebRtcPeer peer, PeerConnectionFactory factory) {
        List<String> streams = List.of(streamId);
        if (audio != null) {
            AudioTrack track = audio.attach(peer, factory);
            peer.pc.addTrack(track, streams);
            audio.activate(peer);
        }
        if (video != null) peer.pc.addTrack(video.track(), streams);
    }

    void detach(WebRtcPeer peer) {
        if (audio != null) audio.detach(peer);
    }

    void release(WebRtcPeer peer) {
        if (audio != null) audio.release(peer);
    }
}
