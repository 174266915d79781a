package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.protocol.ServerMessage.Welcome;
import dev.parley.server.RawSocket;
import dev.parley.server.TestServer;
import dev.parley.core.SignalingConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input on the wire: each gets a clear answer, and the session carries on where that is safe. */
class SessionHandlerTest {
    private static final int LIMIT = SignalingConfig.DEFAULT_MAX_FRAME_BYTES;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private RawSocket open() {
        return RawSocket.open(server.http(), server.wsUri());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not json            | {oops                                 | bad-json       |",
            "not an object       | [1,2,3]                               | bad-json       |",
            "no type             | `{\"id\":\"7\"}`                      | missing-field  | 7",
            "unknown type        | `{\"type\":\"teleport\",\"id\":\"8\"}` | unknown-type   | 8",
            "wrong field type    | `{\"type\":\"join\",\"id\":\"9\",\"room\":1}` | invalid-field | 9",
            "before hello        | `{\"type\":\"join\",\"id\":\"10\",\"room\":\"r\"}` | hello-required | 10",
    })
    void badFramesGetAnErrorAndTheSessionStaysUsable(String what, String frame, String code, String ref) {
        try (RawSocket s = open()) {
            ServerFrame answer = s.send(frame).next();
            assertThat(answer.ref()).isEqualTo(ref);
            assertThat(answer.message()).isInstanceOfSatisfying(ErrorReply.class, e -> {
                assertThat(e.code().wire()).isEqualTo(code);
                assertThat(e.message()).isNotBlank();
            });
            assertThat(s.send("{\"type\":\"hello\",\"id\":\"h\"}").next().message()).isInstanceOf(Welcome.class);
        }
    }

    @Test
    void helloTwiceAndTakenNamesAreRefusedButTheSessionCanTryAnotherName() {
        try (RawSocket first = open(); RawSocket second = open()) {
            first.send("{\"type\":\"hello\",\"name\":\"dana\"}").next(Welcome.class);
            assertThat(first.next(Presence.class).full()).isTrue();
            assertThat(first.send("{\"type\":\"hello\",\"id\":\"2\"}").next(ErrorReply.class).code()).isEqualTo(ErrorCode.HELLO_REPEATED);

            ServerFrame taken = second.send("{\"type\":\"hello\",\"id\":\"a\",\"name\":\"Dana\"}").next();
            assertThat(taken.ref()).isEqualTo("a");
            assertThat(((ErrorReply) taken.message()).code()).isEqualTo(ErrorCode.NAME_TAKEN);
            assertThat(second.send("{\"type\":\"hello\",\"id\":\"b\",\"name\":\"dana2\"}").next(Welcome.class).user().name())
                    .isEqualTo("dana2");
        }
    }

    @Test
    void overLongFieldsAreNamedInTheError() {
        try (RawSocket s = open()) {
            s.send("{\"type\":\"hello\"}").next(Welcome.class);
            ErrorReply e = s.send("{\"type\":\"join\",\"room\":\"" + "r".repeat(65) + "\"}").next(ErrorReply.class);
            assertThat(e.code()).isEqualTo(ErrorCode.FIELD_TOO_LONG);
            assertThat(e.request()).isEqualTo("join");
            assertThat(e.message()).contains("'room'").contains("64");
        }
    }

    @Test
    void binaryFramesAreRefused() {
        try (RawSocket s = open()) {
            assertThat(s.sendBinary(new byte[] {1, 2, 3}).next(ErrorReply.class).code()).isEqualTo(ErrorCode.UNSUPPORTED_FRAME);
            s.send("{\"type\":\"hello\"}").next(Welcome.class);
        }
    }

    @Test
    void aMessageJustUnderTheLimitIsRelayedWhole() {
        try (RawSocket a = open(); RawSocket b = open()) {
            a.send("{\"type\":\"hello\"}").next(Welcome.class);
            b.send("{\"type\":\"hello\"}").next(Welcome.class);
            a.send("{\"type\":\"join\",\"room\":\"big\"}").next(Joined.class);
            b.send("{\"type\":\"join\",\"room\":\"big\"}").next(Joined.class);
            a.next(); // peer-joined
            String head = "{\"type\":\"message\",\"room\":\"big\",\"data\":\"";
            String sdp = "x".repeat(LIMIT - head.length() - 2);
            a.send(head + sdp + "\"}");
            assertThat(b.next(Message.class).data().json()).hasSize(sdp.length() + 2);
        }
    }

    @Test
    void anOversizeFrameClosesWith1009AndThePeerIsTold() {
        try (RawSocket a = open(); RawSocket b = open()) {
            a.send("{\"type\":\"hello\"}").next(Welcome.class);
            b.send("{\"type\":\"hello\"}").next(Welcome.class);
            a.send("{\"type\":\"join\",\"room\":\"r\"}").next(Joined.class);
            b.send("{\"type\":\"join\",\"room\":\"r\"}").next(Joined.class);
            a.next(); // peer-joined

            b.send("{\"type\":\"message\",\"room\":\"r\",\"data\":\"" + "x".repeat(LIMIT) + "\"}");
            assertThat(b.awaitClose().code()).isEqualTo(1009);
            assertThat(a.next(PeerLeft.class).room()).isEqualTo("r");
        }
    }

    @Test
    void anOversizeMessageInFragmentsAlsoClosesWith1009() {
        try (RawSocket s = open()) {
            s.send("{\"type\":\"hello\"}").next(Welcome.class);
            String chunk = "y".repeat(LIMIT / 2);
            s.sendFragmented("{\"type\":\"message\",\"room\":\"r\",\"data\":\"", chunk, chunk, chunk, "\"}");
            assertThat(s.awaitClose().code()).isEqualTo(1009);
        }
    }

    /**
     * Issue 12, finding 13: codes that only report a missing code or a lost connection (1005, 1006,
     * 1015), reserved ones and codes past 4999 are a protocol error (1002); a proper one is echoed.
     */
    @ParameterizedTest(name = "close {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1005, 1006, 1015, 999, 0, 1004, 1016, 2999, 5000, 65535, 1000, 1001, 1011, 3000, 4999})
    void aCloseCodeAClientMayNotSendIsAnsweredWith1002(int code) throws Exception {
        try (var s = dev.parley.server.RawHttp.connect(null, server.server().httpPort(), java.time.Duration.ofSeconds(5))) {
            dev.parley.server.RawHttp.upgrade(s, "127.0.0.1:" + server.server().httpPort(), null);
            assertThat(dev.parley.server.RawHttp.head(s)).startsWith("HTTP/1.1 101");
            dev.parley.server.RawHttp.frame(s, 1, "{\"type\":\"hello\",\"id\":\"1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(dev.parley.server.RawHttp.readFrame(s).text()).contains("welcome");
            dev.parley.server.RawHttp.frame(s, 8, new byte[] {(byte) (code >> 8), (byte) code});
            var answer = dev.parley.server.RawHttp.readFrame(s);
            assertThat(answer.opcode()).isEqualTo(8);
            boolean allowed = code >= 1000 && code <= 4999 && code != 1004 && code != 1005 && code != 1006 && (code <= 1015 || code >= 3000)
                    && code != 1015;
            assertThat(answer.closeCode()).isEqualTo(allowed ? code : 1002);
        }
    }
}
