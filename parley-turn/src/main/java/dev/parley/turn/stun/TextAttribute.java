package dev.parley.turn.stun;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Attributes whose value is UTF-8 text with a length limit, each with its RFC 8489 section. */
public enum TextAttribute {
    /** USERNAME, §14.3: under 513 bytes. */
    USERNAME(0x0006, 512, Integer.MAX_VALUE),
    /** REALM, §14.9: under 128 characters and 763 bytes. */
    REALM(0x0014, 763, 127),
    /** NONCE, §14.10: under 128 characters and 763 bytes. */
    NONCE(0x0015, 763, 127),
    /** SOFTWARE, §14.14: under 128 characters and 763 bytes. */
    SOFTWARE(0x8022, 763, 127);

    public final int type;
    private final int maxBytes;
    private final int maxChars;

    TextAttribute(int type, int maxBytes, int maxChars) {
        this.type = type;
        this.maxBytes = maxBytes;
        this.maxChars = maxChars;
    }

    public byte[] encode(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (b.length > maxBytes || text.codePointCount(0, text.length()) > maxChars) {
            throw new IllegalArgumentException(name() + " too long");
        }
        return b;
    }

    /** The text of this attribute in the message, or null if absent. */
    public String read(StunMessage m) throws StunParseException {
        RawAttribute a = m.attribute(type);
        if (a == null) return null;
        if (a.value().length > maxBytes) throw new StunParseException(name() + " too long");
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(a.value())).toString();
            if (s.codePointCount(0, s.length()) > maxChars) throw new StunParseException(name() + " too long");
            return s;
        } catch (CharacterCodingException e) {
            throw new StunParseException(name() + " is not UTF-8");
        }
    }
}
