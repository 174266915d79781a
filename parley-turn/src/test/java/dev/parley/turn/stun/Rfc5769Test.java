package dev.parley.turn.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The test vectors of RFC 5769, byte for byte as the RFC prints them. */
public class Rfc5769Test {
    private static final byte[] SHORT_TERM_KEY = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);

    public static byte[] vector(String name) throws IOException {
        try (InputStream in = Rfc5769Test.class.getResourceAsStream("rfc5769/" + name + ".hex")) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return HexFormat.of().parseHex(text.lines().filter(l -> !l.startsWith("#")).findFirst().orElseThrow().trim());
        }
    }

    @Test
    void sampleRequest() throws Exception {
        StunMessage m = StunMessage.decode(vector("2.1-sample-request"));
        assertThat(m.type()).isEqualTo(MessageType.of(MessageType.BINDING, MessageClass.REQUEST));
        assertThat(TextAttribute.SOFTWARE.read(m)).isEqualTo("STUN test client");
        assertThat(TextAttribute.USERNAME.read(m)).isEqualTo("evtj:h6vY");
        assertThat(MessageIntegrity.verify(m, SHORT_TERM_KEY)).isTrue();
        assertThat(MessageIntegrity.verify(m, "wrong".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Fingerprint.verify(m)).isTrue();
        // PRIORITY (0x0024) and ICE-CONTROLLED (0x8029) are ICE's; kept as raw attributes.
        assertThat(m.attribute(0x0024).value()).containsExactly(0x6e, 0x00, 0x01, 0xff);
    }

    @Test
    void sampleIpv4Response() throws Exception {
        StunMessage m = StunMessage.decode(vector("2.2-sample-ipv4-response"));
        assertThat(m.type()).isEqualTo(MessageType.of(MessageType.BINDING, MessageClass.SUCCESS));
        assertThat(TextAttribute.SOFTWARE.read(m)).isEqualTo("test vector");
        assertThat(XorMappedAddress.decode(m.attribute(XorMappedAddress.TYPE).value(), m.transactionId()))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
        assertThat(MessageIntegrity.verify(m, SHORT_TERM_KEY)).isTrue();
        assertThat(Fingerprint.verify(m)).isTrue();
    }

    @Test
    void sampleIpv6Response() throws Exception {
        StunMessage m = StunMessage.decode(vector("2.3-sample-ipv6-response"));
        assertThat(XorMappedAddress.decode(m.attribute(XorMappedAddress.TYPE).value(), m.transactionId()))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
        assertThat(MessageIntegrity.verify(m, SHORT_TERM_KEY)).isTrue();
        assertThat(Fingerprint.verify(m)).isTrue();
    }

    @Test
    void sampleRequestWithLongTermAuthentication() throws Exception {
        StunMessage m = StunMessage.decode(vector("2.4-sample-request-long-term"));
        String username = TextAttribute.USERNAME.read(m);
        assertThat(username).isEqualTo("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9");
        assertThat(TextAttribute.NONCE.read(m)).isEqualTo("f//499k954d6OL34oL9FSTvy64sA");
        assertThat(TextAttribute.REALM.read(m)).isEqualTo("example.org");
        // The password before SASLprep; only the prepared form "TheMatrIX" gives the right key.
        byte[] key = LongTermKey.md5(username, "example.org", "The\u00ADM\u00AAtr\u2168");
        assertThat(LongTermKey.saslPrep("The\u00ADM\u00AAtr\u2168")).isEqualTo("TheMatrIX");
        assertThat(MessageIntegrity.verify(m, key)).isTrue();
        assertThat(Fingerprint.verify(m)).as("this vector has no FINGERPRINT").isFalse();
    }

    @Test
    void whatWeWriteVerifiesTheSameWay() throws Exception {
        byte[] tx = StunMessage.decode(vector("2.2-sample-ipv4-response")).transactionId();
        var mapped = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
        byte[] ours = StunMessageBuilder.of(MessageType.of(MessageType.BINDING, MessageClass.SUCCESS), tx)
                .add(TextAttribute.SOFTWARE.type, TextAttribute.SOFTWARE.encode("test vector"))
                .add(XorMappedAddress.TYPE, XorMappedAddress.encode(mapped, tx))
                .integrity(SHORT_TERM_KEY)
                .buildWithFingerprint();
        byte[] rfc = vector("2.2-sample-ipv4-response");
        assertThat(ours).hasSameSizeAs(rfc);
        // Only the padding after "test vector" differs (the RFC pads with a space, we with zero),
        // and with it the HMAC and CRC; everything else is byte-identical.
        for (int i = 0; i < 39; i++) if (i != 35) assertThat(ours[i]).as("byte %d", i).isEqualTo(rfc[i]);
        StunMessage m = StunMessage.decode(ours);
        assertThat(MessageIntegrity.verify(m, SHORT_TERM_KEY)).isTrue();
        assertThat(Fingerprint.verify(m)).isTrue();
        assertThat(XorMappedAddress.decode(m.attribute(XorMappedAddress.TYPE).value(), tx)).isEqualTo(mapped);
    }

    @Test
    void sha256IntegrityRoundTrips() throws Exception {
        byte[] key = LongTermKey.md5("user", "example.org", "pass");
        byte[] bytes = StunMessageBuilder.of(MessageType.of(MessageType.ALLOCATE, MessageClass.REQUEST))
                .add(TextAttribute.USERNAME.type, TextAttribute.USERNAME.encode("user"))
                .integrity(key).integritySha256(key).buildWithFingerprint();
        StunMessage m = StunMessage.decode(bytes);
        assertThat(MessageIntegrity.verify(m, key)).isTrue();
        assertThat(MessageIntegritySha256.verify(m, key)).isTrue();
        assertThat(MessageIntegritySha256.verify(m, "other".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Fingerprint.verify(m)).isTrue();
    }
}
