package dev.parley.protocol;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any text through the client frame decoder: it yields a frame or a {@link ProtocolException} with
 * a code, nothing else; and what it accepts survives a round trip through the encoder. Regression
 * inputs in ClientFrameCodecFuzzTestInputs/; {@code JAZZER_FUZZ=1} searches for more.
 */
class ClientFrameCodecFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void decodeAnyText(String text) {
        if (text == null) return; // the fuzzer may pass null for a String; a WebSocket never does
        ClientFrame frame;
        try {
            frame = ClientFrameCodec.decode(text);
        } catch (ProtocolException e) {
            assertThat(e.code()).isNotNull();
            assertThat(fromBytes(text)).as("the bytes decoder agrees").isIn(e.code(), NOT_UTF8);
            return;
        }
        assertThat(fromBytes(text)).as("the bytes decoder agrees").isIn(frame, NOT_UTF8);
        assertThat(ClientFrameCodec.decode(ClientFrameCodec.encode(frame))).isEqualTo(frame);
    }

    private static final Object NOT_UTF8 = new Object();

    /** What the server's decoder (from UTF-8 bytes) makes of the text: a frame, or an error code. */
    private static Object fromBytes(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (!new String(utf8, StandardCharsets.UTF_8).equals(text)) return NOT_UTF8; // lone surrogates: no WebSocket text
        try {
            return ClientFrameCodec.decode(utf8, 0, utf8.length);
        } catch (ProtocolException e) {
            return e.code();
        }
    }
}
