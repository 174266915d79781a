package dev.parley.server.dialect;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Payload;
import dev.parley.protocol.ProtocolException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * Seed 003's messages as JSON text, and the payloads they become in Parley's direct calls.
 *
 * <p>In (what the seed page sends): {@code {type, fromUser, toUser, msg?, sdp?, iceCandidate?}}, one
 * JSON object per WebSocket message. {@code fromUser} is ignored (the session's own name is the
 * sender); unknown fields are ignored, as the seed server's Jackson did.
 *
 * <p>Out (what the seed page reads): {@code type} first, then {@code fromUser}, then {@code msg},
 * {@code sdp} or {@code iceCandidate}, on one line (the page escapes raw line breaks in the frame
 * before {@code JSON.parse}, so a pretty-printed frame would break it; Jackson's compact output
 * escapes them inside strings).
 *
 * <p>The payloads are those of Parley's JS SDK ({@code parley-link.js}): {@code {"description":
 * {"type":"offer"|"answer","sdp":…}}} and {@code {"candidate":{candidate, sdpMid, sdpMLineIndex,
 * usernameFragment?}}}. From Parley's side the flat forms {@code {"type":"offer","sdp":…}} and
 * {@code {"candidate":"candidate:…","sdpMid":…}} are read too; anything else is not SDP or ICE and
 * is not passed to a seed page.
 */
final class Seed003Json {
    static final Set<String> TYPES = Set.of("call_start", "call_back", "offer", "answer", "_ice", "hangup");
    /** An m-line index: SDP has far fewer, and the page's {@code addIceCandidate} takes an unsigned short. */
    private static final int MAX_MLINE_INDEX = 65535;

    private Seed003Json() {}

    /** One message from the page, checked; {@code sdp} for offer/answer, {@code candidate} for _ice, {@code msg} for call_back. */
    record Inbound(String type, String toUser, String msg, String sdp, Candidate candidate) {}

    /** An ICE candidate as RTCIceCandidateInit has it. */
    record Candidate(String candidate, String sdpMid, Integer sdpMLineIndex, String usernameFragment) {
        /** Reads one strictly: a field of the wrong type throws. */
        static Candidate read(FlatJson o) {
            return new Candidate(o.string("candidate"), o.optionalString("sdpMid"), o.optionalIndex("sdpMLineIndex", MAX_MLINE_INDEX),
                    o.optionalString("usernameFragment"));
        }

        void write(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("candidate", candidate);
            if (sdpMid != null) g.writeStringField("sdpMid", sdpMid);
            if (sdpMLineIndex != null) g.writeNumberField("sdpMLineIndex", sdpMLineIndex);
            if (usernameFragment != null) g.writeStringField("usernameFragment", usernameFragment);
            g.writeEndObject();
        }
    }

    /** Reads one message of the page. */
    static Inbound read(String text) {
        FlatJson f = FlatJson.parse(text);
        String type = f.string("type");
        if (!TYPES.contains(type)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                    "unknown message type '" + (type.length() > 32 ? type.substring(0, 32) + "…" : type) + "'");
        }
        f.optionalString("fromUser"); // not used, but a string if anything
        String toUser = f.string("toUser");
        return switch (type) {
            case "call_back" -> new Inbound(type, toUser, f.string("msg"), null, null);
            case "offer", "answer" -> new Inbound(type, toUser, null, f.string("sdp"), null);
            case "_ice" -> new Inbound(type, toUser, null, null, Candidate.read(f.object("iceCandidate")));
            default -> new Inbound(type, toUser, null, null, null);
        };
    }

    /** {@code {"type":…,"fromUser":…,"msg":…}}: call_start, call_back, hangup. */
    static String withMsg(String type, String fromUser, String msg) {
        return write(g -> {
            start(g, type, fromUser);
            g.writeStringField("msg", msg);
        });
    }

    /** {@code {"type":"offer"|"answer","fromUser":…,"sdp":…}}. */
    static String description(String type, String fromUser, String sdp) {
        return write(g -> {
            start(g, type, fromUser);
            g.writeStringField("sdp", sdp);
        });
    }

    /** {@code {"type":"_ice","fromUser":…,"iceCandidate":{…}}}. */
    static String ice(String fromUser, Candidate candidate) {
        return write(g -> {
            start(g, "_ice", fromUser);
            g.writeFieldName("iceCandidate");
            candidate.write(g);
        });
    }

    /** The Parley payload for a page's offer or answer. */
    static Payload descriptionPayload(String type, String sdp) {
        return new Payload(write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("description");
            g.writeStringField("type", type);
            g.writeStringField("sdp", sdp);
            g.writeEndObject();
        }));
    }

    /** The Parley payload for a page's ICE candidate. */
    static Payload candidatePayload(Candidate candidate) {
        return new Payload(write(g -> {
            g.writeStartObject();
            g.writeFieldName("candidate");
            candidate.write(g);
        }));
    }

    /**
     * What a payload from Parley's side becomes for a seed page, sent by {@code fromUser}: an offer,
     * answer or {@code _ice} message; null for anything that is not SDP or ICE.
     */
    static String fromParley(Payload data, String fromUser) {
        try {
            FlatJson f = FlatJson.parse(data.json());
            FlatJson description = f.optionalObject("description");
            if (description != null) return sdp(description, fromUser);
            if (f.isString("candidate")) return ice(fromUser, Candidate.read(f));
            FlatJson candidate = f.optionalObject("candidate");
            if (candidate != null) return ice(fromUser, Candidate.read(candidate));
            return sdp(f, fromUser);
        } catch (ProtocolException e) {
            return null; // not JSON of the shape a seed page reads
        }
    }

    private static String sdp(FlatJson description, String fromUser) {
        String type = description.optionalString("type");
        String sdp = description.optionalString("sdp");
        if (sdp == null || !("offer".equals(type) || "answer".equals(type))) return null;
        return description(type, fromUser, sdp);
    }

    private static void start(JsonGenerator g, String type, String fromUser) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type);
        g.writeStringField("fromUser", fromUser);
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** Writes one compact JSON object (its body opens it; unclosed objects are closed here). */
    private static String write(Body body) {
        var out = new StringWriter(128);
        try (JsonGenerator g = FlatJson.FACTORY.createGenerator(out)) {
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
