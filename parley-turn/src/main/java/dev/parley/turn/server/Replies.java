package dev.parley.turn.server;

import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.Fingerprint;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunMessageBuilder;
import dev.parley.turn.stun.TextAttribute;

/**
 * Finishes responses the same way everywhere. An authenticated request gets SOFTWARE, then
 * MESSAGE-INTEGRITY (or -SHA256, as the request used, RFC 8489 §9.2.4), then FINGERPRINT. An
 * unauthenticated one (a challenge, a Binding, a 400) gets neither SOFTWARE (optional, §14.14) nor
 * MESSAGE-INTEGRITY, and FINGERPRINT only if the request carried one (optional, §14.7): anyone can
 * send those from a spoofed source, so every byte of the answer is amplification.
 */
final class Replies {
    static final String SOFTWARE = "Parley";

    private Replies() {}

    /** Who sent an authenticated request, and the key its response is signed with. */
    record Caller(String username, String quotaUser, byte[] key, boolean sha256) {}

    static byte[] success(StunMessage request, Caller caller, AttributeWriter attributes) {
        StunMessageBuilder b = request.respond(true);
        attributes.write(b);
        return finish(request, b, caller);
    }

    static byte[] error(StunMessage request, Caller caller, int code, String reason) {
        return finish(request, request.respond(false).add(ErrorCode.TYPE, ErrorCode.encode(code, reason)), caller);
    }

    static byte[] finish(StunMessage request, StunMessageBuilder b, Caller caller) {
        if (caller == null) return request.attribute(Fingerprint.TYPE) != null ? b.buildWithFingerprint() : b.build();
        b.add(TextAttribute.SOFTWARE.type, TextAttribute.SOFTWARE.encode(SOFTWARE));
        if (caller.sha256()) b.integritySha256(caller.key());
        else b.integrity(caller.key());
        return b.buildWithFingerprint();
    }

    @FunctionalInterface
    interface AttributeWriter {
        void write(StunMessageBuilder b);
    }
}
