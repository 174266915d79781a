package dev.parley.android;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.rtc.DataChannelOptions;
import dev.parley.client.rtc.IceCandidate;
import dev.parley.client.rtc.IceConnectionState;
import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.client.rtc.RtcDataChannel;
import dev.parley.client.rtc.RtcPeerFactory;
import dev.parley.client.rtc.SessionDescription;
import dev.parley.client.rtc.SignalingState;
import dev.parley.protocol.IceServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webrtc.DataChannel;
import org.webrtc.PeerConnection;

/** The translations between the port's values and org.webrtc's (real org.webrtc classes, no natives needed). */
class RtcTypesTest {
    @Test
    void everyStateOfOrgWebrtcHasTheW3cNameOfThePort() {
        for (var s : PeerConnection.SignalingState.values()) assertThat(RtcTypes.signaling(s).name()).isEqualTo(s.name());
        for (var s : PeerConnection.IceConnectionState.values()) assertThat(RtcTypes.ice(s).name()).isEqualTo(s.name());
        for (var s : PeerConnection.PeerConnectionState.values()) assertThat(RtcTypes.connection(s).name()).isEqualTo(s.name());
        for (var s : DataChannel.State.values()) assertThat(RtcTypes.channel(s).name()).isEqualTo(s.name());
        // and nothing of the port's is left without a counterpart
        assertThat(SignalingState.values()).hasSameSizeAs(PeerConnection.SignalingState.values());
        assertThat(IceConnectionState.values()).hasSameSizeAs(PeerConnection.IceConnectionState.values());
        assertThat(PeerConnectionState.values()).hasSameSizeAs(PeerConnection.PeerConnectionState.values());
        assertThat(RtcDataChannel.State.values()).hasSameSizeAs(DataChannel.State.values());
    }

    @Test
    void descriptionsGoBothWaysWithTheirTypesOnTheWire() {
        for (var type : SessionDescription.Type.values()) {
            var d = new SessionDescription(type, "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n");
            org.webrtc.SessionDescription native_ = RtcTypes.description(d);
            // org.webrtc's own wire name for the type is the W3C's, as the port's
            assertThat(native_.type.canonicalForm()).isEqualTo(type.wire());
            assertThat(native_.description).isEqualTo(d.sdp());
            assertThat(RtcTypes.description(native_)).isEqualTo(d);
        }
    }

    @Test
    void candidatesKeepMidAndIndexAndOrgWebrtcsMissingIndexIsNull() {
        var full = new IceCandidate("candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "0", 0, "abcd");
        org.webrtc.IceCandidate native_ = RtcTypes.candidate(full);
        assertThat(native_.sdp).isEqualTo(full.candidate());
        assertThat(native_.sdpMid).isEqualTo("0");
        assertThat(native_.sdpMLineIndex).isZero();
        // org.webrtc has no username fragment (the candidate line carries it)
        assertThat(RtcTypes.candidate(native_)).isEqualTo(new IceCandidate(full.candidate(), "0", 0, null));

        var midOnly = new IceCandidate("candidate:2 1 udp 1 127.0.0.1 50001 typ host", "1", null, null);
        assertThat(RtcTypes.candidate(midOnly).sdpMLineIndex).isEqualTo(-1);
        assertThat(RtcTypes.candidate(RtcTypes.candidate(midOnly))).isEqualTo(midOnly);
    }

    @Test
    void dataChannelOptionsBecomeOrgWebrtcsInit() {
        DataChannel.Init negotiated = RtcTypes.init(DataChannelOptions.negotiated(0));
        assertThat(negotiated.negotiated).isTrue();
        assertThat(negotiated.id).isZero();
        assertThat(negotiated.ordered).isTrue();

        DataChannel.Init inBand = RtcTypes.init(new DataChannelOptions(false, false, 7));
        assertThat(inBand.negotiated).isFalse();
        assertThat(inBand.id).as("libwebrtc picks the id of an announced channel").isEqualTo(-1);
        assertThat(inBand.ordered).isFalse();
    }

    @Test
    void theConfigurationIsWhatABrowserGivesTheJsSdk() {
        var turn = new IceServer(List.of("turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp"), "user", "secret");
        var stun = IceServer.of("stun:127.0.0.1:3478");

        PeerConnection.RTCConfiguration rtc = RtcTypes.configuration(new RtcPeerFactory.Configuration(List.of(stun, turn), false));

        assertThat(rtc.sdpSemantics).isEqualTo(PeerConnection.SdpSemantics.UNIFIED_PLAN);
        assertThat(rtc.enableImplicitRollback).as("perfect negotiation's polite side needs it").isTrue();
        assertThat(rtc.iceTransportsType).isEqualTo(PeerConnection.IceTransportsType.ALL);
        assertThat(rtc.bundlePolicy).isEqualTo(PeerConnection.BundlePolicy.MAXBUNDLE);
        assertThat(rtc.iceServers).hasSize(2);
        assertThat(rtc.iceServers.get(0).urls).containsExactly("stun:127.0.0.1:3478");
        assertThat(rtc.iceServers.get(0).username).isEmpty();
        assertThat(rtc.iceServers.get(1).urls).containsExactlyElementsOf(turn.urls());
        assertThat(rtc.iceServers.get(1).username).isEqualTo("user");
        assertThat(rtc.iceServers.get(1).password).isEqualTo("secret");

        var relay = RtcTypes.configuration(new RtcPeerFactory.Configuration(List.of(turn), true));
        assertThat(relay.iceTransportsType).isEqualTo(PeerConnection.IceTransportsType.RELAY);
    }
}
