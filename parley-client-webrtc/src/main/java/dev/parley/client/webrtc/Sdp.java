package dev.parley.client.webrtc;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.parley.client.rtc.IceCandidate;
import dev.parley.client.rtc.SessionDescription;
import java.util.ArrayList;
import java.util.List;

/** Between the port's descriptions and candidates and webrtc-java's, and what is read from SDP text. */
final class Sdp {
    private Sdp() {}

    static RTCSessionDescription toNative(SessionDescription d) {
        RTCSdpType type = switch (d.type()) {
            case OFFER -> RTCSdpType.OFFER;
            case ANSWER -> RTCSdpType.ANSWER;
            case PRANSWER -> RTCSdpType.PR_ANSWER;
            case ROLLBACK -> RTCSdpType.ROLLBACK;
        };
        return new RTCSessionDescription(type, d.type() == SessionDescription.Type.ROLLBACK ? "" : d.sdp());
    }

    static SessionDescription toPort(RTCSessionDescription d) {
        SessionDescription.Type type = switch (d.sdpType) {
            case OFFER -> SessionDescription.Type.OFFER;
            case ANSWER -> SessionDescription.Type.ANSWER;
            case PR_ANSWER -> SessionDescription.Type.PRANSWER;
            case ROLLBACK -> SessionDescription.Type.ROLLBACK;
        };
        return new SessionDescription(type, d.sdp == null ? "" : d.sdp);
    }

    static RTCIceCandidate toNative(IceCandidate c) {
        // webrtc-java's index is an int: with a mid, libwebrtc finds the section by mid anyway.
        int index = c.sdpMLineIndex() == null ? 0 : c.sdpMLineIndex();
        return new RTCIceCandidate(c.sdpMid() == null ? "" : c.sdpMid(), index, c.candidate());
    }

    static IceCandidate toPort(RTCIceCandidate c) {
        return new IceCandidate(c.sdp, c.sdpMid, c.sdpMLineIndex, usernameFragment(c.sdp));
    }

    /** The {@code ufrag} a candidate line carries (libwebrtc writes it), or null. */
    static String usernameFragment(String candidate) {
        String[] parts = candidate.split(" ");
        for (int i = 0; i + 1 < parts.length; i++) if (parts[i].equals("ufrag")) return parts[i + 1];
        return null;
    }

    /**
     * The stream ids ({@code a=msid:<stream> <track>}) of the media section with this mid; "-" (no
     * stream) is left out, as the W3C does.
     */
    static List<String> streamIds(String sdp, String mid) {
        if (sdp == null || mid == null) return List.of();
        List<String> section = new ArrayList<>();
        boolean found = false;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                if (found) break;
                section.clear();
            } else if (line.equals("a=mid:" + mid)) {
                found = true;
            } else if (line.startsWith("a=msid:")) {
                String stream = line.substring("a=msid:".length()).split(" ")[0];
                if (!stream.isEmpty() && !stream.equals("-") && !section.contains(stream)) section.add(stream);
            }
        }
        return found ? List.copyOf(section) : List.of();
    }
}
