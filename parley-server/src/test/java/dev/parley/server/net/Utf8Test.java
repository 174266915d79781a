package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.TestServer;
import dev.parley.server.net.ConnectionGuardsTest.WireClient;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The UTF-8 check agrees with the JDK's strict decoder; a text message that is not UTF-8 closes with 1007. */
class Utf8Test {
    private static boolean jdkSaysValid(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    @Test
    void edgeCasesOfRfc3629() {
        List<byte[]> cases = List.of(bytes(), bytes('a'), "héllo 会议 🎥".getBytes(StandardCharsets.UTF_8),
                bytes(0xC0, 0x80), bytes(0xC1, 0xBF), bytes(0xC2, 0x80), bytes(0xDF, 0xBF), // overlong / smallest / largest 2-byte
                bytes(0xE0, 0x9F, 0xBF), bytes(0xE0, 0xA0, 0x80), bytes(0xED, 0x9F, 0xBF), bytes(0xED, 0xA0, 0x80), // overlong, surrogates
                bytes(0xEF, 0xBF, 0xBF), bytes(0xF0, 0x8F, 0xBF, 0xBF), bytes(0xF0, 0x90, 0x80, 0x80),
                bytes(0xF4, 0x8F, 0xBF, 0xBF), bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xF5, 0x80, 0x80, 0x80), bytes(0xFF),
                bytes(0x80), bytes('a', 'b', 'c', 'd', 'e', 'f', 'g', 0xC3), bytes('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 0xE2, 0x82),
                bytes(0xE2, 0x82, 0xAC, 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 0x80));
        for (byte[] b : cases) {
            assertThat(Utf8.isValid(b, 0, b.length)).as(java.util.HexFormat.of().formatHex(b)).isEqualTo(jdkSaysValid(b));
        }
    }

    @Test
    void agreesWithTheJdkOnRandomInput() {
        Random random = new Random(42);
        String[] pieces = {"a", "{\"sdp\":\"v=0\"}", "é", "会", "🎥", "\u0000"};
        for (int run = 0; run < 20_000; run++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) text.append(pieces[random.nextInt(pieces.length)]);
            byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
            if (b.length > 0 && random.nextBoolean()) b[random.nextInt(b.length)] = (byte) random.nextInt(256); // corrupt one byte
            int offset = b.length == 0 ? 0 : random.nextInt(b.length);
            byte[] slice = java.util.Arrays.copyOfRange(b, offset, b.length);
            assertThat(Utf8.isValid(b, offset, b.length - offset)).as(java.util.HexFormat.of().formatHex(slice)).isEqualTo(jdkSaysValid(slice));
        }
    }

    @Test
    void aTextMessageThatIsNotUtf8ClosesWith1007() throws Exception {
        try (TestServer server = TestServer.start(); Socket s = new Socket("127.0.0.1", server.server().httpPort())) {
            WireClient.handshake(s, server.server().httpPort());
            WireClient.textBytes(s.getOutputStream(), bytes('{', '"', 0xC0, 0x80, '"', '}'));
            InputStream in = s.getInputStream();
            assertThat(in.read()).as("a close frame").isEqualTo(0x88);
            int length = in.read();
            assertThat(length).isGreaterThanOrEqualTo(2);
            assertThat((in.read() << 8) | in.read()).isEqualTo(1007);
        }
    }
}
