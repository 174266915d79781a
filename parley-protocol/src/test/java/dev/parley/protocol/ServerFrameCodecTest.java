package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ServerMessage.Accepted;
import dev.parley.protocol.ServerMessage.CallPeerAway;
import dev.parley.protocol.ServerMessage.CallPeerBack;
import dev.parley.protocol.ServerMessage.CallSignal;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Full;
import dev.parley.protocol.ServerMessage.HungUp;
import dev.parley.protocol.ServerMessage.Incoming;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Left;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerAway;
import dev.parley.protocol.ServerMessage.PeerBack;
import dev.parley.protocol.ServerMessage.PeerJoined;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.protocol.ServerMessage.Rejected;
import dev.parley.protocol.ServerMessage.Ringing;
import dev.parley.protocol.ServerMessage.Signal;
import dev.parley.protocol.ServerMessage.TimedOut;
import dev.parley.protocol.ServerMessage.Unavailable;
import dev.parley.protocol.ServerMessage.Welcome;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServerFrameCodecTest {
    private static final Payload ICE = Payload.parse("{\"candidate\":\"candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
    private static final Peer ALICE = new Peer("s-1", "alice");
    private static final Peer ANON = new Peer("s-2", null);

    static List<ServerMessage> everyMessage() {
        return List.of(
                new Welcome("s-1", ALICE, 1, new Limits(65536, 2, 8, 30, 30),
                        List.of(IceServer.of("stun:127.0.0.1:3478"), new IceServer(List.of("turn:h:3478?transport=udp", "turns:h:5349"), "1700000000:alice", "c2VjcmV0")),
                        "s-1.c2lnbmF0dXJl", false),
                new Welcome("s-2", ANON, 1, new Limits(1, 2, 3, 4, 0), List.of(), null, false),
                new Welcome("s-2", ANON, 1, new Limits(1, 2, 3, 4, 5), List.of(), "s-2.x", true),
                new PeerAway("r", ALICE), new PeerBack("r", ANON), new CallPeerAway("c-1", "bob"), new CallPeerBack("c-1", "bob"),
                new Joined("r", List.of()), new Joined("r", List.of(ALICE, ANON)), new Full("r", 2),
                new PeerJoined("r", ALICE), new Left("r"), new PeerLeft("r", ANON),
                new Message("r", "s-1", ICE), new Signal("r", "s-2", Payload.parse("42")),
                new Presence(true, List.of("alice", "bob"), List.of()), new Presence(false, List.of(), List.of("bob")),
                new Ringing("c-1", "bob"), new Unavailable("bob", UnavailableReason.OFFLINE),
                new Unavailable("bob", UnavailableReason.BUSY), new Incoming("c-1", "alice"), new Incoming("c-2", "alice", "c-1"), new Accepted("c-1"),
                new Rejected("c-1", "declined"), new Rejected("c-1", null),
                new HungUp("c-1", "bob", HangupReason.HANGUP), new HungUp("c-1", "bob", HangupReason.DISCONNECTED),
                new TimedOut("c-1"), new CallSignal("c-1", "alice", ICE),
                new ErrorReply(ErrorCode.NOT_IN_ROOM, "you are not in room 'r'", "message"),
                new ErrorReply(ErrorCode.BAD_JSON, "not valid JSON"));
    }

    @ParameterizedTest
    @MethodSource("everyMessage")
    void everyMessageSurvivesARoundTrip(ServerMessage message) {
        for (String ref : new String[] {null, "7"}) {
            var frame = new ServerFrame(ref, message);
            assertThat(ServerFrameCodec.decode(ServerFrameCodec.encode(frame))).isEqualTo(frame);
        }
    }

    @Test
    void everyServerMessageTypeIsCovered() {
        Set<Class<?>> covered = everyMessage().stream().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> records = Arrays.stream(ServerMessage.class.getPermittedSubclasses())
                .flatMap(c -> c.isInterface() ? Arrays.stream(c.getPermittedSubclasses()) : Stream.of(c))
                .collect(Collectors.toSet());
        assertThat(covered).containsAll(records);
    }

    @Test
    void wireFormMatchesTheProtocolDocument() {
        assertThat(ServerFrameCodec.encode(new ServerFrame("1", new Joined("lobby", List.of(ALICE, ANON)))))
                .isEqualTo("{\"type\":\"joined\",\"ref\":\"1\",\"room\":\"lobby\",\"peers\":[{\"id\":\"s-1\",\"name\":\"alice\"},{\"id\":\"s-2\"}]}");
        assertThat(ServerFrameCodec.encode(new ServerFrame(null, new Message("lobby", "s-1", Payload.parse("{\"a\":1}")))))
                .isEqualTo("{\"type\":\"message\",\"room\":\"lobby\",\"from\":\"s-1\",\"data\":{\"a\":1}}");
        assertThat(ServerFrameCodec.encode(new ServerFrame("x", new ErrorReply(ErrorCode.NOT_IN_ROOM, "m", "leave"))))
                .isEqualTo("{\"type\":\"error\",\"ref\":\"x\",\"code\":\"not-in-room\",\"request\":\"leave\",\"message\":\"m\"}");
    }

    @Test
    void everyWelcomeNamesTheFeaturesBeyondTheFirstProtocol() {
        var welcome = new Welcome("s-2", ANON, 1, new Limits(1, 2, 3, 4, 5), List.of(), null, false);
        assertThat(ServerFrameCodec.encode(new ServerFrame("1", welcome))).endsWith(",\"features\":[\"join-signal\"]}");
    }

    @Test
    void stringsAreEscaped() {
        var text = ServerFrameCodec.encode(new ServerFrame(null, new ErrorReply(ErrorCode.INTERNAL, "a \"quote\"\n\u0001")));
        assertThat(text).contains("a \\\"quote\\\"\\n\\u0001");
        assertThat(ServerFrameCodec.decode(text).message()).isEqualTo(new ErrorReply(ErrorCode.INTERNAL, "a \"quote\"\n\u0001"));
    }

    @Test
    void unknownServerTypeIsAProtocolError() {
        assertThatThrownBy(() -> ServerFrameCodec.decode("{\"type\":\"teleport\"}"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE));
        assertThatThrownBy(() -> ServerFrameCodec.decode("{\"type\":\"unavailable\",\"to\":\"b\",\"reason\":\"asleep\"}"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    }
}
