package dev.parley.protocol;

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
            return;
        }
        assertThat(ClientFrameCodec.decode(ClientFrameCodec.encode(frame))).isEqualTo(frame);
    }
}
