package dev.parley.android;

import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.rtc.RtcPeer;
import dev.parley.client.rtc.RtcPeerFactory;
import dev.parley.client.rtc.RtcPeerObserver;

/**
 * {@link AndroidRtc}'s peers without libwebrtc: the real adapter ({@link AndroidPeer},
 * {@link PeerEvents}) over {@link FakeLibwebrtc}'s peer connections, whose descriptions say they
 * send video, so that the other side's adapter reports a remote video track, and which ask for
 * negotiation when the call layer opens its data channel. For driving the call
 * layer end to end through a real server, media aside.
 */
public final class FakeRtcFactory implements RtcPeerFactory, AutoCloseable {
    private final FakeLibwebrtc lib = new FakeLibwebrtc();

    @Override
    public RtcPeer create(Configuration configuration, LocalMedia media, RtcPeerObserver observer) {
        var events = new PeerEvents(observer);
        FakeLibwebrtc.FakePc pc = lib.peerConnection(RtcTypes.configuration(configuration), events);
        pc.sendsVideo = true;
        pc.negotiates = true;
        return new AndroidPeer(pc, events, closed -> {});
    }

    @Override
    public void close() throws InterruptedException {
        lib.close();
    }
}
