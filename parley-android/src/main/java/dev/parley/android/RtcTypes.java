package dev.parley.android;

import dev.parley.client.rtc.DataChannelOptions;
import dev.parley.client.rtc.IceCandidate;
import dev.parley.client.rtc.IceConnectionState;
import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.client.rtc.RtcDataChannel;
import dev.parley.client.rtc.RtcPeerFactory;
import dev.parley.client.rtc.SessionDescription;
import dev.parley.client.rtc.SignalingState;
import dev.parley.protocol.IceServer;
import java.util.ArrayList;
import java.util.List;
import org.webrtc.DataChannel;
import org.webrtc.PeerConnection;

/**
 * Between the port's W3C-shaped values and org.webrtc's: pure functions, no native calls, so they
 * run (and are tested) anywhere.
 */
final class RtcTypes {
    private RtcTypes() {}

    static SignalingState signaling(PeerConnection.SignalingState state) {
        return switch (state) {
            case STABLE -> SignalingState.STABLE;
            case HAVE_LOCAL_OFFER -> SignalingState.HAVE_LOCAL_OFFER;
            case HAVE_REMOTE_OFFER -> SignalingState.HAVE_REMOTE_OFFER;
            case HAVE_LOCAL_PRANSWER -> SignalingState.HAVE_LOCAL_PRANSWER;
            case HAVE_REMOTE_PRANSWER -> SignalingState.HAVE_REMOTE_PRANSWER;
            case CLOSED -> SignalingState.CLOSED;
        };
    }

    static IceConnectionState ice(PeerConnection.IceConnectionState state) {
        return switch (state) {
            case NEW -> IceConnectionState.NEW;
            case CHECKING -> IceConnectionState.CHECKING;
            case CONNECTED -> IceConnectionState.CONNECTED;
            case COMPLETED -> IceConnectionState.COMPLETED;
            case FAILED -> IceConnectionState.FAILED;
            case DISCONNECTED -> IceConnectionState.DISCONNECTED;
            case CLOSED -> IceConnectionState.CLOSED;
        };
    }

    static PeerConnectionState connection(PeerConnection.PeerConnectionState state) {
        return switch (state) {
            case NEW -> PeerConnectionState.NEW;
            case CONNECTING -> PeerConnectionState.CONNECTING;
            case CONNECTED -> PeerConnectionState.CONNECTED;
            case DISCONNECTED -> PeerConnectionState.DISCONNECTED;
            case FAILED -> PeerConnectionState.FAILED;
            case CLOSED -> PeerConnectionState.CLOSED;
        };
    }

    static RtcDataChannel.State channel(DataChannel.State state) {
        return switch (state) {
            case CONNECTING -> RtcDataChannel.State.CONNECTING;
            case OPEN -> RtcDataChannel.State.OPEN;
            case CLOSING -> RtcDataChannel.State.CLOSING;
            case CLOSED -> RtcDataChannel.State.CLOSED;
        };
    }

    static SessionDescription description(org.webrtc.SessionDescription d) {
        return new SessionDescription(type(d.type), d.description);
    }

    static org.webrtc.SessionDescription description(SessionDescription d) {
        return new org.webrtc.SessionDescription(type(d.type()), d.sdp());
    }

    static SessionDescription.Type type(org.webrtc.SessionDescription.Type type) {
        return switch (type) {
            case OFFER -> SessionDescription.Type.OFFER;
            case ANSWER -> SessionDescription.Type.ANSWER;
            case PRANSWER -> SessionDescription.Type.PRANSWER;
            case ROLLBACK -> SessionDescription.Type.ROLLBACK;
        };
    }

    static org.webrtc.SessionDescription.Type type(SessionDescription.Type type) {
        return switch (type) {
            case OFFER -> org.webrtc.SessionDescription.Type.OFFER;
            case ANSWER -> org.webrtc.SessionDescription.Type.ANSWER;
            case PRANSWER -> org.webrtc.SessionDescription.Type.PRANSWER;
            case ROLLBACK -> org.webrtc.SessionDescription.Type.ROLLBACK;
        };
    }

    /**
     * org.webrtc's candidate has no username fragment (it is in the candidate line anyway) and an
     * {@code int} line index, -1 when the browser sent only a mid.
     */
    static IceCandidate candidate(org.webrtc.IceCandidate c) {
        return new IceCandidate(c.sdp, c.sdpMid, c.sdpMLineIndex < 0 ? null : c.sdpMLineIndex, null);
    }

    static org.webrtc.IceCandidate candidate(IceCandidate c) {
        // libwebrtc finds the media section by mid when there is one, by index otherwise.
        return new org.webrtc.IceCandidate(c.sdpMid(), c.sdpMLineIndex() == null ? -1 : c.sdpMLineIndex(), c.candidate());
    }

    static DataChannel.Init init(DataChannelOptions options) {
        var init = new DataChannel.Init();
        init.ordered = options.ordered();
        init.negotiated = options.negotiated();
        init.id = options.negotiated() ? options.id() : -1;
        return init;
    }

    static List<PeerConnection.IceServer> iceServers(List<IceServer> servers) {
        List<PeerConnection.IceServer> out = new ArrayList<>(servers.size());
        for (IceServer s : servers) {
            if (s.urls().isEmpty()) continue;
            var b = PeerConnection.IceServer.builder(s.urls());
            if (s.username() != null) b.setUsername(s.username());
            if (s.credential() != null) b.setPassword(s.credential());
            out.add(b.createIceServer());
        }
        return out;
    }

    /**
     * What the JS SDK gets from a browser without asking: unified plan, one transport for
     * everything, candidates gathered again when the network changes, and the W3C's implicit
     * rollback (an offer arriving after a local one rolls that back: the polite peer relies on it;
     * libwebrtc does it only when told to).
     */
    static PeerConnection.RTCConfiguration configuration(RtcPeerFactory.Configuration c) {
        var rtc = new PeerConnection.RTCConfiguration(iceServers(c.iceServers()));
        rtc.sdpSemantics = PeerConnection.SdpSemantics.UNIFIED_PLAN;
        rtc.enableImplicitRollback = true;
        rtc.iceTransportsType = c.relayOnly() ? PeerConnection.IceTransportsType.RELAY : PeerConnection.IceTransportsType.ALL;
        rtc.bundlePolicy = PeerConnection.BundlePolicy.MAXBUNDLE;
        rtc.rtcpMuxPolicy = PeerConnection.RtcpMuxPolicy.REQUIRE;
        rtc.continualGatheringPolicy = PeerConnection.ContinualGatheringPolicy.GATHER_CONTINUALLY;
        rtc.keyType = PeerConnection.KeyType.ECDSA;
        return rtc;
    }
}
