package dev.parley.turn.server;

import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunMessageBuilder;
import dev.parley.turn.stun.TextAttribute;

/**
 * Finishes responses the same way everywhere: SOFTWARE, then MESSAGE-INTEGRITY (or -SHA256, as the
 * request used) when the request was authenticated (RFC 8489 §9.2.4), then FINGERPRINT.
 */
final class Replies {
    static final String SOFTWARE = "Parley";

    private Replies() {}

    /** Who sent an authenticated request, and the key its response is signed with. */
    record Caller(String username, String quotaUser, byte[] key, boolean sha256) {}

    static byte[] success(StunMessage request, Caller caller, AttributeWriter attributes) {
        StunMessageBuilder b = request.respond(true);
        attributes.write(b);
        return finish(b, caller);
    }

    static byte[] error(StunMessage request, Caller caller, int code, String reason) {
        return finish(request.respond(false).add(ErrorCode.TYPE, ErrorCode.encode(code, reason)), caller);
    }

    static byte[] finish(StunMessageBuilder b, Caller caller) {
        b.add(TextAttribute.SOFTWARE.type, TextAttribute.SOFTWARE.encode(SOFTWARE));
        if (caller != null) {
            if (caller.sha256()) b.integritySha256(caller.key());
            else b.integrity(caller.key());
        }
        return b.buildWithFingerprint();
    }

    @FunctionalInterface
    interface AttributeWriter {
        void write(StunMessageBuilder b);
    }
}
