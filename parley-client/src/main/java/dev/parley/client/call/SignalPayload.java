package dev.parley.client.call;

import dev.parley.client.rtc.IceCandidate;
import dev.parley.client.rtc.SessionDescription;
import dev.parley.protocol.Payload;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What two peer links send each other through the server: {@code {description: {type, sdp}}} or
 * {@code {candidate: {candidate, sdpMid, sdpMLineIndex, usernameFragment}}}, the JS SDK's shapes
 * (parley-link.js), so a Java client and a browser negotiate with each other.
 */
public sealed interface SignalPayload {
    record Description(SessionDescription description) implements SignalPayload {}

    record Candidate(IceCandidate candidate) implements SignalPayload {}

    /** The payload of a relayed {@code signal}, or null when it is neither shape (ignored, as the JS SDK does). */
    static SignalPayload parse(Payload payload) {
        Map<String, Object> json = JsonObjects.parse(payload.json());
        if (json == null) return null;
        Map<String, Object> d = JsonObjects.object(json, "description");
        if (d != null) {
            var type = SessionDescription.Type.ofWire(JsonObjects.string(d, "type"));
            String sdp = JsonObjects.string(d, "sdp");
            if (type == null || (sdp == null && type != SessionDescription.Type.ROLLBACK)) return null;
            return new Description(new SessionDescription(type, sdp == null ? "" : sdp));
        }
        Map<String, Object> c = JsonObjects.object(json, "candidate");
        if (c != null) {
            String candidate = JsonObjects.string(c, "candidate");
            if (candidate == null) return null;
            Integer index = c.get("sdpMLineIndex") instanceof Long l && l >= 0 && l < 1024 ? l.intValue() : null;
            String mid = JsonObjects.string(c, "sdpMid");
            if (mid == null && index == null) return null;
            return new Candidate(new IceCandidate(candidate, mid, index, JsonObjects.string(c, "usernameFragment")));
        }
        return null;
    }

    default Payload toPayload() {
        Map<String, Object> inner = new LinkedHashMap<>();
        String key;
        switch (this) {
            case Description(SessionDescription d) -> {
                key = "description";
                inner.put("type", d.type().wire());
                inner.put("sdp", d.sdp());
            }
            case Candidate(IceCandidate c) -> {
                key = "candidate";
                inner.put("candidate", c.candidate());
                inner.put("sdpMid", c.sdpMid());
                inner.put("sdpMLineIndex", c.sdpMLineIndex());
                if (c.usernameFragment() != null) inner.put("usernameFragment", c.usernameFragment());
            }
        }
        return new Payload(JsonObjects.write(Map.of(key, inner)));
    }
}
