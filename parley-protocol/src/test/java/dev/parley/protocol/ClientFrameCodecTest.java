package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.parley.protocol.ClientMessage.Accept;
import dev.parley.protocol.ClientMessage.Call;
import dev.parley.protocol.ClientMessage.Hangup;
import dev.parley.protocol.ClientMessage.Hello;
import dev.parley.protocol.ClientMessage.Join;
import dev.parley.protocol.ClientMessage.Leave;
import dev.parley.protocol.ClientMessage.Reject;
import dev.parley.protocol.ClientMessage.SendCallSignal;
import dev.parley.protocol.ClientMessage.SendMessage;
import dev.parley.protocol.ClientMessage.SendSignal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClientFrameCodecTest {
    private static final Payload SDP = Payload.parse("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\"}");

    static List<ClientMessage> everyMessage() {
        return List.of(
                new Hello(null), new Hello("alice"), new Hello("张伟"), new Hello("Ana-María O'Neil"),
                new Hello("alice", null, "AbC-123_x.c2lnbmF0dXJl"), new Hello(null, "a.b.c", "s.sig"),
                new Hello("bob", null, "s.sig", 42, true), new Hello(null, null, null, null, true), new Hello(null, null, "s.sig", 0, false),
                new ClientMessage.Ack(0), new ClientMessage.Ack(123456),
                new Join("room-1"), new Join("会议室.2~x"), new Join("room-1", SDP), new Leave("room-1"),
                new SendMessage("room-1", SDP), new SendMessage("r", Payload.parse("\"just a string\"")),
                new SendSignal("room-1", "s-abc_DEF", Payload.parse("[1, 2.5, true, null, {\"a\": []}]")),
                new Call("bob"), new Call("bob", "c-123"), new Accept("c-123"), new Reject("c-123", null), new Reject("c-123", "in a meeting"),
                new Hangup("c-123"), new SendCallSignal("c-123", SDP));
    }

    @ParameterizedTest
    @MethodSource("everyMessage")
    void everyMessageSurvivesARoundTrip(ClientMessage message) {
        for (String id : new String[] {null, "req-7"}) {
            var frame = new ClientFrame(id, message);
            assertThat(ClientFrameCodec.decode(ClientFrameCodec.encode(frame))).isEqualTo(frame);
            assertThat(decodeBytes(ClientFrameCodec.encode(frame))).isEqualTo(frame);
        }
    }

    /** The server's path: the frame's UTF-8 bytes in the middle of a larger buffer. */
    private static ClientFrame decodeBytes(String text) {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] buffer = new byte[utf8.length + 10];
        java.util.Arrays.fill(buffer, (byte) '}');
        System.arraycopy(utf8, 0, buffer, 3, utf8.length);
        return ClientFrameCodec.decode(buffer, 3, utf8.length);
    }

    @Test
    void bytesThatJacksonWouldReadAsAnotherEncodingAreBadJson() {
        // Jackson guesses UTF-16/32 from NULs and byte order marks; a frame is UTF-8 only.
        for (byte[] frame : List.of(new byte[] {'{', 0, 0, 0}, new byte[] {'{', 0, '}', 0}, new byte[] {0, '{', 0, '}'},
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}, new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{'})) {
            assertThatThrownBy(() -> ClientFrameCodec.decode(frame, 0, frame.length))
                    .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_JSON));
        }
    }

    @Test
    void payloadWithMultiByteCharactersIsKeptVerbatimFromBytes() {
        String data = "{\"sdp\":\"a=会议 ☎ 🎥\\r\\n\", \"n\": [1, {\"é\": true}]}";
        var frame = decodeBytes("{\"type\":\"message\",\"room\":\"会议室\",\"data\":" + data + "}");
        assertThat(frame.message()).isEqualTo(new SendMessage("会议室", Payload.parse(data)));
        assertThat(((SendMessage) frame.message()).data().json()).isEqualTo(data);
    }

    @Test
    void wireFormIsFlatJsonWithTypeFirst() {
        assertThat(ClientFrameCodec.encode(new ClientFrame("1", new Join("lobby"))))
                .isEqualTo("{\"type\":\"join\",\"id\":\"1\",\"room\":\"lobby\"}");
        assertThat(ClientFrameCodec.encode(new ClientFrame(null, new Hello(null)))).isEqualTo("{\"type\":\"hello\"}");
    }

    @Test
    void payloadIsKeptVerbatimIncludingWhitespaceAndKeyOrder() {
        String data = "{ \"z\" : 1,\n \"a\": [ \"x\" , {\"n\": -1.5e3} ] }";
        var frame = ClientFrameCodec.decode("{\"type\":\"message\",\"room\":\"r\",\"data\":" + data + "}");
        assertThat(frame.message()).asInstanceOf(type(SendMessage.class))
                .extracting(m -> m.data().json()).isEqualTo(data);
    }

    @Test
    void joinCarriesAPayloadForTheFirstMemberOnlyWhenGivenOne() {
        assertThat(ClientFrameCodec.encode(new ClientFrame("1", new Join("r", Payload.parse("{\"description\":{}}")))))
                .isEqualTo("{\"type\":\"join\",\"id\":\"1\",\"room\":\"r\",\"signal\":{\"description\":{}}}");
        assertThat(ClientFrameCodec.decode("{\"type\":\"join\",\"room\":\"r\",\"signal\":null}").message()).isEqualTo(new Join("r"));
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() {
        var frame = ClientFrameCodec.decode("{\"type\":\"join\",\"room\":\"r\",\"future\":{\"x\":[1]}}");
        assertThat(frame.message()).isEqualTo(new Join("r"));
    }

    @Test
    void jsonNullCountsAsAbsent() {
        assertThat(ClientFrameCodec.decode("{\"type\":\"hello\",\"name\":null,\"id\":null}"))
                .isEqualTo(new ClientFrame(null, new Hello(null)));
    }

    static Stream<Arguments> malformed() {
        String deep = "[".repeat(40) + "]".repeat(40);
        return Stream.of(
                bad("not json", ErrorCode.BAD_JSON, null, null),
                bad("", ErrorCode.BAD_JSON, null, null),
                bad("[1,2]", ErrorCode.BAD_JSON, null, null),
                bad("\"hello\"", ErrorCode.BAD_JSON, null, null),
                bad("{\"type\":\"join\",\"room\":\"a\"} {}", ErrorCode.BAD_JSON, null, null),
                bad("{\"type\":\"join\",\"room\":\"a\"", ErrorCode.BAD_JSON, null, null),
                bad("{\"type\":\"join\",\"room\":\"a\",\"room\":\"b\"}", ErrorCode.BAD_JSON, null, null),
                bad("{\"type\":\"message\",\"room\":\"a\",\"data\":" + deep + "}", ErrorCode.BAD_JSON, null, null),
                bad("{\"room\":\"a\"}", ErrorCode.MISSING_FIELD, null, null),
                bad("{\"type\":42}", ErrorCode.INVALID_FIELD, null, null),
                bad("{\"type\":\"dance\",\"id\":\"9\"}", ErrorCode.UNKNOWN_TYPE, "9", null),
                bad("{\"type\":\"join\",\"id\":\"r1\"}", ErrorCode.MISSING_FIELD, "r1", "join"),
                bad("{\"type\":\"join\",\"id\":\"r1\",\"room\":\"\"}", ErrorCode.MISSING_FIELD, "r1", "join"),
                bad("{\"type\":\"join\",\"room\":7}", ErrorCode.INVALID_FIELD, null, "join"),
                bad("{\"type\":\"join\",\"room\":{\"a\":1}}", ErrorCode.INVALID_FIELD, null, "join"),
                bad("{\"type\":\"join\",\"room\":\"" + "x".repeat(65) + "\"}", ErrorCode.FIELD_TOO_LONG, null, "join"),
                bad("{\"type\":\"join\",\"room\":\"a b\"}", ErrorCode.INVALID_FIELD, null, "join"),
                bad("{\"type\":\"join\",\"room\":\"../etc\"}", ErrorCode.INVALID_FIELD, null, "join"),
                bad("{\"type\":\"hello\",\"name\":\" bob\"}", ErrorCode.INVALID_FIELD, null, "hello"),
                bad("{\"type\":\"hello\",\"name\":\"<script>\"}", ErrorCode.INVALID_FIELD, null, "hello"),
                bad("{\"type\":\"hello\",\"name\":\"bob\\u0000\"}", ErrorCode.INVALID_FIELD, null, "hello"),
                bad("{\"type\":\"hello\",\"name\":\"" + "b".repeat(33) + "\"}", ErrorCode.FIELD_TOO_LONG, null, "hello"),
                bad("{\"type\":\"hello\",\"resume\":\"\"}", ErrorCode.MISSING_FIELD, null, "hello"),
                bad("{\"type\":\"hello\",\"resume\":\"a b\"}", ErrorCode.INVALID_FIELD, null, "hello"),
                bad("{\"type\":\"hello\",\"resume\":7}", ErrorCode.INVALID_FIELD, null, "hello"),
                bad("{\"type\":\"hello\",\"resume\":\"" + "r".repeat(161) + "\"}", ErrorCode.FIELD_TOO_LONG, null, "hello"),
                bad("{\"type\":\"hello\",\"received\":-1}", ErrorCode.INVALID_FIELD, null, "hello"),
                bad("{\"type\":\"hello\",\"acks\":\"yes\"}", ErrorCode.INVALID_FIELD, null, "hello"),
                bad("{\"type\":\"ack\"}", ErrorCode.MISSING_FIELD, null, "ack"),
                bad("{\"type\":\"ack\",\"received\":1.5}", ErrorCode.INVALID_FIELD, null, "ack"),
                bad("{\"type\":\"ack\",\"received\":99999999999}", ErrorCode.INVALID_FIELD, null, "ack"),
                bad("{\"type\":\"message\",\"room\":\"a\"}", ErrorCode.MISSING_FIELD, null, "message"),
                bad("{\"type\":\"message\",\"room\":\"a\",\"data\":null}", ErrorCode.MISSING_FIELD, null, "message"),
                bad("{\"type\":\"signal\",\"room\":\"a\",\"to\":\"x\",\"call\":\"c\",\"data\":1}", ErrorCode.INVALID_FIELD, null, "signal"),
                bad("{\"type\":\"signal\",\"data\":1}", ErrorCode.INVALID_FIELD, null, "signal"),
                bad("{\"type\":\"signal\",\"room\":\"a\",\"data\":1}", ErrorCode.MISSING_FIELD, null, "signal"),
                bad("{\"type\":\"signal\",\"room\":\"a\",\"to\":\"has space\",\"data\":1}", ErrorCode.INVALID_FIELD, null, "signal"),
                bad("{\"type\":\"call\"}", ErrorCode.MISSING_FIELD, null, "call"),
                bad("{\"type\":\"call\",\"to\":\"bob\",\"resume\":\"c 1\"}", ErrorCode.INVALID_FIELD, null, "call"),
                bad("{\"type\":\"call\",\"to\":\"bob\",\"resume\":3}", ErrorCode.INVALID_FIELD, null, "call"),
                bad("{\"type\":\"reject\",\"call\":\"c\",\"reason\":\"a\\u0007\"}", ErrorCode.INVALID_FIELD, null, "reject"),
                bad("{\"type\":\"reject\",\"call\":\"c\",\"reason\":\"" + "r".repeat(129) + "\"}", ErrorCode.FIELD_TOO_LONG, null, "reject"),
                bad("{\"type\":\"join\",\"id\":\"has space\",\"room\":\"a\"}", ErrorCode.INVALID_FIELD, null, "join"),
                bad("{\"type\":\"join\",\"id\":\"" + "i".repeat(65) + "\",\"room\":\"a\"}", ErrorCode.FIELD_TOO_LONG, null, "join"),
                bad("{\"type\":\"join\",\"id\":5,\"room\":\"a\"}", ErrorCode.INVALID_FIELD, null, "join"));
    }

    private static Arguments bad(String text, ErrorCode code, String ref, String requestType) {
        return Arguments.of(text, code, ref, requestType);
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedFramesAreRejectedWithTheRightCode(String text, ErrorCode code, String ref, String requestType) {
        for (var decoder : List.<java.util.function.Function<String, ClientFrame>>of(ClientFrameCodec::decode, ClientFrameCodecTest::decodeBytes)) {
            assertThatThrownBy(() -> decoder.apply(text))
                    .isInstanceOfSatisfying(ProtocolException.class, e -> {
                        assertThat(e.code()).isEqualTo(code);
                        assertThat(e.ref()).isEqualTo(ref);
                        assertThat(e.requestType()).isEqualTo(requestType);
                        assertThat(e.getMessage()).isNotBlank();
                    });
        }
    }

    @Test
    void unknownTypeMessageQuotesALongTypeOnlyInPart() {
        assertThatThrownBy(() -> ClientFrameCodec.decode("{\"type\":\"" + "t".repeat(5000) + "\"}"))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.getMessage()).hasSizeLessThan(100));
    }
}
