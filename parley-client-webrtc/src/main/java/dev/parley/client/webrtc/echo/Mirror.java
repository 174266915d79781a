package dev.parley.client.webrtc.echo;

import dev.parley.client.rtc.ForwardingRtcPeer;
import dev.parley.client.rtc.ForwardingRtcPeerObserver;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.rtc.RemoteTrack;
import dev.parley.client.rtc.RtcPeer;
import dev.parley.client.rtc.RtcPeerFactory;
import dev.parley.client.rtc.RtcPeerObserver;
import dev.parley.client.webrtc.PushedAudio;
import dev.parley.client.webrtc.PushedVideo;
import dev.parley.client.webrtc.WebRtc;
import dev.parley.client.webrtc.WebRtcRemoteTrack;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A media engine whose every peer connection sends back what it receives: each gets a video and an
 * audio input of its own, fed by that peer's remote tracks, so each caller sees and hears only
 * themselves. The media the call layer hands over is ignored.
 */
final class Mirror implements RtcPeerFactory {
    private static final Logger log = LoggerFactory.getLogger(Mirror.class);
    private final WebRtc rtc;

    Mirror(WebRtc rtc) {
        this.rtc = rtc;
    }

    @Override
    public RtcPeer create(Configuration configuration, LocalMedia ignored, RtcPeerObserver observer) {
        PushedVideo video = rtc.pushedVideo();
        PushedAudio audio = rtc.pushedAudio();
        var echo = new Echo(video, audio);
        try {
            return new MirroredPeer(rtc.create(configuration, rtc.media(audio, video), echo.observing(observer)), echo);
        } catch (RuntimeException e) {
            echo.close();
            throw e;
        }
    }

    /** One peer's way back: its inputs and the forwardings into them. */
    private static final class Echo implements AutoCloseable {
        private final PushedVideo video;
        private final PushedAudio audio;
        private final List<AutoCloseable> forwards = new CopyOnWriteArrayList<>();

        Echo(PushedVideo video, PushedAudio audio) {
            this.video = video;
            this.audio = audio;
        }

        void forward(RemoteTrack track) {
            if (!(track instanceof WebRtcRemoteTrack t)) return;
            forwards.add(t.kind() == RemoteTrack.Kind.VIDEO ? t.forwardTo(video) : t.forwardTo(audio));
        }

        RtcPeerObserver observing(RtcPeerObserver observer) {
            return new ForwardingRtcPeerObserver(observer) {
                @Override
                public void onTrack(RemoteTrack track, List<String> streamIds) {
                    forward(track);
                    super.onTrack(track, streamIds);
                }
            };
        }

        @Override
        public void close() {
            for (AutoCloseable f : forwards) {
                try {
                    f.close();
                } catch (Exception e) {
                    log.debug("stopping a forwarding failed", e);
                }
            }
            video.close();
            audio.close();
        }
    }

    /** The peer, closing its way back with it. */
    private static final class MirroredPeer extends ForwardingRtcPeer {
        private final Echo echo;

        MirroredPeer(RtcPeer peer, Echo echo) {
            super(peer);
            this.echo = echo;
        }

        @Override
        public void close() {
            super.close();
            echo.close();
        }
    }
}
