package dev.parley.server.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.Payload;

/**
 * SDP and ICE between the room seeds' shapes and Parley's own clients' ({@code {description}} and
 * {@code {candidate}}, as the JS SDK's {@code PeerLink} sends them, docs/protocol.md), for a seed
 * client and Parley's app in one room. Seed 000 sends {@code {type: "offer"|"answer", sdp}} and
 * {@code {type: "candidate", label, id, candidate}} (label the m-line index, id the mid); seed 002
 * {@code {type: "offer"|"answer"|"candidate", value}} with the browser's own objects as {@code value}.
 * Anything else has no counterpart: null.
 */
final class SeedPayloads {
    private SeedPayloads() {}

    /** A seed client's payload as Parley's clients read it, or null. */
    static Payload toParley(RoomDialect dialect, Payload data) {
        JsonNode d = Json.tree(data);
        String type = d.path("type").asText("");
        JsonNode body = dialect == RoomDialect.SEED_002 ? d.path("value") : d;
        return switch (type) {
            case "offer", "answer" -> body.path("sdp").isTextual()
                    ? Seed003Json.descriptionPayload(type, body.path("sdp").textValue()) : null;
            case "candidate" -> candidate(dialect == RoomDialect.SEED_002
                    ? new Seed003Json.Candidate(text(body, "candidate"), text(body, "sdpMid"), index(body, "sdpMLineIndex"), text(body, "usernameFragment"))
                    : new Seed003Json.Candidate(text(body, "candidate"), text(body, "id"), index(body, "label"), null));
            default -> null;
        };
    }

    /** A Parley client's payload in a seed client's shape, or null. */
    static Payload fromParley(RoomDialect dialect, Payload data) {
        JsonNode d = Json.tree(data);
        JsonNode description = d.path("description");
        if (description.isObject() && description.path("sdp").isTextual()) {
            String type = description.path("type").asText("");
            if (!type.equals("offer") && !type.equals("answer")) return null;
            Payload sdp = Json.object("type", type, "sdp", description.path("sdp").textValue());
            return dialect == RoomDialect.SEED_002 ? Json.object("type", type, "value", sdp) : sdp;
        }
        JsonNode c = d.path("candidate");
        if (!c.isObject() || !c.path("candidate").isTextual()) return null;
        if (dialect == RoomDialect.SEED_002) return Json.object("type", "candidate", "value", new Payload(c.toString()));
        return Json.object("type", "candidate", "label", c.path("sdpMLineIndex").isInt() ? c.path("sdpMLineIndex").intValue() : 0,
                "id", c.path("sdpMid").asText(""), "candidate", c.path("candidate").textValue());
    }

    private static Payload candidate(Seed003Json.Candidate c) {
        return c.candidate() == null ? null : Seed003Json.candidatePayload(c);
    }

    private static String text(JsonNode o, String field) {
        return o.path(field).isTextual() ? o.path(field).textValue() : null;
    }

    private static Integer index(JsonNode o, String field) {
        JsonNode n = o.path(field);
        return n.isInt() && n.intValue() >= 0 && n.intValue() <= 65535 ? n.intValue() : null;
    }
}
