package dev.parley.turn.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StunMessageTest {
    @ParameterizedTest(name = "method {0} {1} = {2}")
    @CsvSource({
            "1, REQUEST, 0001", "1, SUCCESS, 0101", "1, ERROR, 0111", "1, INDICATION, 0011",
            "3, REQUEST, 0003", "3, SUCCESS, 0103", "3, ERROR, 0113", "4, REQUEST, 0004",
            "6, INDICATION, 0016", "7, INDICATION, 0017", "8, REQUEST, 0008", "9, SUCCESS, 0109", "4095, ERROR, 3fff"})
    void messageTypeBitsFollowTheRfcLayout(int method, MessageClass c, String hex) {
        var type = MessageType.of(method, c);
        assertThat(type.toBits()).isEqualTo(Integer.parseInt(hex, 16));
        assertThat(MessageType.fromBits(Integer.parseInt(hex, 16))).isEqualTo(type);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "too short            | 0001 0000 2112a442 0102030405060708090a0b",
            "wrong magic cookie   | 0001 0000 2112a443 0102030405060708090a0b0c",
            "top bits set         | c001 0000 2112a442 0102030405060708090a0b0c",
            "length mismatch      | 0001 0008 2112a442 0102030405060708090a0b0c 80220000",
            "length not 4-aligned | 0001 0002 2112a442 0102030405060708090a0b0c 0000",
            "attribute overruns   | 0001 0004 2112a442 0102030405060708090a0b0c 80220010",
            "fingerprint not last | 0001 0010 2112a442 0102030405060708090a0b0c 80280004 00000000 80220000 00000000",
    })
    void malformedMessagesAreRejected(String what, String bytes) {
        assertThatThrownBy(() -> StunMessage.decode(hex(bytes))).isInstanceOf(StunParseException.class);
    }

    @Test
    void attributesAfterMessageIntegrityAreIgnoredButFingerprintIsKept() throws Exception {
        byte[] key = "k".getBytes();
        byte[] withLateAttribute = StunMessageBuilder.of(MessageType.of(MessageType.BINDING, MessageClass.REQUEST))
                .integrity(key)
                .add(TextAttribute.SOFTWARE.type, TextAttribute.SOFTWARE.encode("smuggled"))
                .buildWithFingerprint();
        StunMessage m = StunMessage.decode(withLateAttribute);
        assertThat(m.attribute(TextAttribute.SOFTWARE.type)).isNull();
        assertThat(MessageIntegrity.verify(m, key)).isTrue();
        assertThat(Fingerprint.verify(m)).isTrue();
    }

    @Test
    void paddingBytesMayBeAnything() throws Exception {
        // USERNAME "abc" padded with 0xff instead of zero.
        StunMessage m = StunMessage.decode(hex("0001 0008 2112a442 0102030405060708090a0b0c 00060003 616263ff"));
        assertThat(TextAttribute.USERNAME.read(m)).isEqualTo("abc");
    }

    @Test
    void textAttributesEnforceTheirLimits() {
        assertThatThrownBy(() -> TextAttribute.SOFTWARE.encode("s".repeat(128))).isInstanceOf(IllegalArgumentException.class);
        assertThat(TextAttribute.SOFTWARE.encode("s".repeat(127))).hasSize(127);
    }

    @Test
    void invalidUtf8InATextAttributeIsAParseError() throws Exception {
        StunMessage m = StunMessage.decode(hex("0001 0008 2112a442 0102030405060708090a0b0c 00060003 61ff6300"));
        assertThatThrownBy(() -> TextAttribute.USERNAME.read(m)).isInstanceOf(StunParseException.class);
    }
}
