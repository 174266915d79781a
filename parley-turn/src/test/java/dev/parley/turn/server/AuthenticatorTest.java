package dev.parley.turn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.proto.RequestedTransport;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageIntegrity;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.TextAttribute;
import dev.parley.turn.testing.TurnClient;
import dev.parley.turn.testing.TurnFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The long-term credential mechanism (RFC 8489 §9.2) as Allocate meets it. */
class AuthenticatorTest {
    private static TurnFixture turn;

    @BeforeAll
    static void start() throws Exception {
        turn = TurnFixture.start(b -> b.realm("parley.test"));
    }

    @AfterAll
    static void stop() {
        turn.close();
    }

    @Test
    void noCredentialsIs401WithRealmAndNonceAndNoIntegrity() throws Exception {
        try (TurnClient c = turn.alice()) {
            StunMessage r = c.unsigned(MessageType.ALLOCATE, b -> b.add(RequestedTransport.TYPE, RequestedTransport.encode(17)));
            assertThat(r.type()).isEqualTo(MessageType.of(MessageType.ALLOCATE, MessageClass.ERROR));
            assertThat(ErrorCode.code(r)).isEqualTo(401);
            assertThat(TextAttribute.REALM.read(r)).isEqualTo("parley.test");
            assertThat(TextAttribute.NONCE.read(r)).hasSize(22);
            assertThat(r.attribute(MessageIntegrity.TYPE)).isNull();
        }
    }

    @Test
    void rightPasswordIsAcceptedAndTheResponseIsSignedWithTheKey() throws Exception {
        try (TurnClient c = turn.alice()) {
            StunMessage r = c.allocate();
            assertThat(r.type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            assertThat(MessageIntegrity.verify(r, c.key())).isTrue();
        }
    }

    @Test
    void wrongPasswordAndUnknownUserAre401AlikeWithoutSaying() throws Exception {
        try (TurnClient wrong = turn.client("alice", "not-wonderland"); TurnClient unknown = turn.client("mallory", "x")) {
            StunMessage a = wrong.allocate();
            StunMessage b = unknown.allocate();
            assertThat(ErrorCode.code(a)).isEqualTo(401);
            assertThat(ErrorCode.code(b)).isEqualTo(401);
            assertThat(reason(a)).isEqualTo(reason(b));
        }
    }

    @Test
    void restCredentialsWorkUntilTheirExpiryAndNotAfter() throws Exception {
        var minted = turn.rest.mint("carol", Duration.ofMinutes(5));
        try (TurnClient c = turn.client(minted.username(), minted.password())) {
            assertThat(c.allocate().type().messageClass()).isEqualTo(MessageClass.SUCCESS);
        }
        var soon = turn.rest.mint("carol", Duration.ofSeconds(30));
        turn.clock.advance(Duration.ofSeconds(31));
        try (TurnClient c = turn.client(soon.username(), soon.password())) {
            assertThat(ErrorCode.code(c.allocate())).isEqualTo(401);
        }
    }

    @Test
    void integrityWithoutUsernameRealmOrNonceIs400() throws Exception {
        try (TurnClient c = turn.alice()) {
            byte[] request = dev.parley.turn.stun.StunMessageBuilder.of(TurnClient.request(MessageType.ALLOCATE))
                    .add(RequestedTransport.TYPE, RequestedTransport.encode(17))
                    .add(TextAttribute.USERNAME.type, TextAttribute.USERNAME.encode("alice"))
                    .integrity(new byte[16]).buildWithFingerprint();
            assertThat(ErrorCode.code(c.exchange(request))).isEqualTo(400);
        }
    }

    @Test
    void aForgedNonceIs438WithAFreshOneThatThenWorks() throws Exception {
        try (TurnClient c = turn.alice()) {
            c.allocate(); // learns realm and nonce; allocation made
            String good = c.nonce();
            c.nonce("AAAAAA" + good.substring(6)); // another expiry under the same MAC
            StunMessage r = c.exchange(signedRefresh(c));
            assertThat(ErrorCode.code(r)).isEqualTo(438);
            assertThat(TextAttribute.NONCE.read(r)).isNotEqualTo(c.nonce());
            c.nonce(TextAttribute.NONCE.read(r));
            assertThat(c.exchange(signedRefresh(c)).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
        }
    }

    @Test
    void anExpiredNonceIs438AndTheClientRecoversWithTheNewOne() throws Exception {
        try (TurnClient c = turn.alice()) {
            assertThat(c.allocate().type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            String old = c.nonce();
            turn.clock.advance(dev.parley.turn.auth.Nonces.DEFAULT_LIFETIME.plusSeconds(1));
            StunMessage stale = c.exchange(signedRefresh(c));
            assertThat(ErrorCode.code(stale)).isEqualTo(438);
            // The client helper answers a 438 by signing again with the new nonce.
            StunMessage r = c.request(MessageType.REFRESH, b -> {});
            assertThat(r.type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            assertThat(c.nonce()).isNotEqualTo(old);
        }
    }

    @Test
    void aNonceIssuedToAnotherAddressIsNotAccepted() throws Exception {
        try (TurnClient c = turn.alice()) {
            c.allocate();
            var nonces = new dev.parley.turn.auth.Nonces(turn.clock, Duration.ofMinutes(10));
            c.nonce(nonces.issue(TurnFixture.ip("127.0.0.2"))); // another server key and another address
            assertThat(ErrorCode.code(c.exchange(signedRefresh(c)))).isEqualTo(438);
        }
    }

    @Test
    void messageIntegritySha256IsAcceptedAndAnsweredInKind() throws Exception {
        try (TurnClient c = turn.alice()) {
            c.allocate(); // realm and nonce
            byte[] request = dev.parley.turn.stun.StunMessageBuilder.of(TurnClient.request(MessageType.REFRESH))
                    .add(TextAttribute.USERNAME.type, TextAttribute.USERNAME.encode("alice"))
                    .add(TextAttribute.REALM.type, TextAttribute.REALM.encode("parley.test"))
                    .add(TextAttribute.NONCE.type, TextAttribute.NONCE.encode(c.nonce()))
                    .integritySha256(c.key()).buildWithFingerprint();
            StunMessage r = c.exchange(request);
            assertThat(r.type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            assertThat(dev.parley.turn.stun.MessageIntegritySha256.verify(r, c.key())).isTrue();
            assertThat(r.attribute(MessageIntegrity.TYPE)).isNull();
        }
    }

    private static byte[] signedRefresh(TurnClient c) {
        return dev.parley.turn.stun.StunMessageBuilder.of(TurnClient.request(MessageType.REFRESH))
                .add(TextAttribute.USERNAME.type, TextAttribute.USERNAME.encode("alice"))
                .add(TextAttribute.REALM.type, TextAttribute.REALM.encode("parley.test"))
                .add(TextAttribute.NONCE.type, TextAttribute.NONCE.encode(c.nonce()))
                .integrity(c.key()).buildWithFingerprint();
    }

    private static String reason(StunMessage m) {
        byte[] v = m.attribute(ErrorCode.TYPE).value();
        return new String(v, 4, v.length - 4, java.nio.charset.StandardCharsets.UTF_8);
    }
}
