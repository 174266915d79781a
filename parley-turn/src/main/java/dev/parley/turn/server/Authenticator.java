package dev.parley.turn.server;

import dev.parley.turn.auth.Credentials;
import dev.parley.turn.auth.Nonces;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.MessageIntegrity;
import dev.parley.turn.stun.MessageIntegritySha256;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunParseException;
import dev.parley.turn.stun.TextAttribute;
import java.net.InetAddress;

/**
 * The long-term credential mechanism on the server side, RFC 8489 §9.2.4, in its order: no
 * integrity → 401 with REALM and NONCE; integrity without USERNAME, REALM and NONCE → 400; a nonce
 * not ours or expired → 438 with a fresh one; unknown user or wrong integrity → 401. The answer
 * never says whether the user or the password was wrong.
 */
final class Authenticator {
    /**
     * The 401's reason phrase, shorter than RFC 8489's "Unauthenticated": anyone can draw this
     * answer with a 20-byte request from a spoofed address, so it is kept small (§14.8 allows any).
     */
    static final String UNAUTHENTICATED = "Unauthorized";

    private final String realm;
    private final Credentials credentials;
    private final Nonces nonces;

    Authenticator(String realm, Credentials credentials, Nonces nonces) {
        this.realm = realm;
        this.credentials = credentials;
        this.nonces = nonces;
    }

    /** The outcome: a caller, or the error response to send. */
    sealed interface Verdict {
        record Accepted(Replies.Caller caller) implements Verdict {}

        record Rejected(byte[] response) implements Verdict {}
    }

    Verdict check(StunMessage m, InetAddress client) {
        boolean sha1 = m.attribute(MessageIntegrity.TYPE) != null;
        boolean sha256 = m.attribute(MessageIntegritySha256.TYPE) != null;
        if (!sha1 && !sha256) return challenge(m, client, ErrorCode.UNAUTHENTICATED, UNAUTHENTICATED);
        String username;
        String nonce;
        try {
            username = TextAttribute.USERNAME.read(m);
            nonce = TextAttribute.NONCE.read(m);
            if (username == null || nonce == null || TextAttribute.REALM.read(m) == null) {
                return reject(m, ErrorCode.BAD_REQUEST, "USERNAME, REALM and NONCE are required with MESSAGE-INTEGRITY");
            }
        } catch (StunParseException e) {
            return reject(m, ErrorCode.BAD_REQUEST, e.getMessage());
        }
        if (nonces.check(nonce, client) != Nonces.Check.VALID) return challenge(m, client, ErrorCode.STALE_NONCE, "Stale Nonce");
        byte[] key = credentials.key(username, realm);
        if (key == null) return challenge(m, client, ErrorCode.UNAUTHENTICATED, UNAUTHENTICATED);
        // §14.6: with both present, MESSAGE-INTEGRITY-SHA256 is the one that counts.
        boolean valid = sha256 ? MessageIntegritySha256.verify(m, key) : MessageIntegrity.verify(m, key);
        if (!valid) return challenge(m, client, ErrorCode.UNAUTHENTICATED, UNAUTHENTICATED);
        return new Verdict.Accepted(new Replies.Caller(username, credentials.quotaUser(username), key, sha256));
    }

    private Verdict challenge(StunMessage m, InetAddress client, int code, String reason) {
        return new Verdict.Rejected(Replies.finish(m, m.respond(false)
                .add(ErrorCode.TYPE, ErrorCode.encode(code, reason))
                .add(TextAttribute.REALM.type, TextAttribute.REALM.encode(realm))
                .add(TextAttribute.NONCE.type, TextAttribute.NONCE.encode(nonces.issue(client))), null));
    }

    private static Verdict reject(StunMessage m, int code, String reason) {
        return new Verdict.Rejected(Replies.error(m, null, code, reason));
    }
}
