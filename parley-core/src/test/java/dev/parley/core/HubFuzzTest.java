package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.protocol.ClientFrameCodec;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ClientMessage.Hello;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage.Welcome;
import dev.parley.protocol.ServerFrameCodec;
import dev.parley.protocol.ServerMessage.ErrorReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole in-process path, decoder and hub, under fuzzed conversations of three sessions: the
 * fuzzer picks who speaks and what (well-formed messages of every type with fuzzed fields, or raw
 * text). Nothing may throw, no answer may be an internal error, every frame the server sends must
 * encode, and when everyone has gone the hub holds nothing.
 */
class HubFuzzTest {
    private static final String[] TEMPLATES = {
            "{\"type\":\"hello\",\"id\":\"%s\",\"name\":\"%s\"}", "{\"type\":\"hello\",\"id\":\"%s\"}",
            "{\"type\":\"join\",\"id\":\"%s\",\"room\":\"%s\"}", "{\"type\":\"leave\",\"id\":\"%s\",\"room\":\"%s\"}",
            "{\"type\":\"message\",\"room\":\"%2$s\",\"data\":{\"sdp\":\"%1$s\"}}",
            "{\"type\":\"signal\",\"room\":\"%2$s\",\"to\":\"%1$s\",\"data\":{}}", "{\"type\":\"call\",\"id\":\"%s\",\"to\":\"%s\"}",
            "{\"type\":\"accept\",\"id\":\"%s\",\"call\":\"%s\"}", "{\"type\":\"reject\",\"id\":\"%s\",\"call\":\"%s\"}",
            "{\"type\":\"hangup\",\"id\":\"%s\",\"call\":\"%s\"}", "{\"type\":\"signal\",\"call\":\"%2$s\",\"data\":{\"x\":\"%1$s\"}}"};
    private static ScheduledExecutorService timers;

    @BeforeAll
    static void start() {
        timers = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stop() {
        timers.shutdownNow();
    }

    private static final class Recorder implements Outbox {
        final List<ServerFrame> frames = new ArrayList<>();

        @Override
        public void deliver(ServerFrame frame) {
            ServerFrameCodec.encode(frame); // must not throw
            frames.add(frame);
        }

        @Override
        public void closeForPolicy(String reason) {}
    }

    @FuzzTest(maxDuration = "30s")
    void anyConversation(FuzzedDataProvider data) {
        Hub hub = new Hub(SignalingConfig.defaults(), timers);
        Recorder[] outboxes = {new Recorder(), new Recorder(), new Recorder()};
        Session[] sessions = new Session[3];
        for (int i = 0; i < 3; i++) sessions[i] = hub.open(outboxes[i], "fuzz-" + i, null);
        String[] names = {"ann", "ben", "cy"};
        List<Session> dropped = new ArrayList<>();
        int steps = data.consumeInt(1, 24);
        for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
            int who = data.consumeInt(0, 2);
            if (data.consumeInt(0, 7) == 0) {
                // The connection drops; a new one says hello with the last resume token it got, if any.
                hub.disconnect(sessions[who]);
                dropped.add(sessions[who]); // its grace timer would end it if nobody resumes it
                String token = lastResumeToken(outboxes[who]);
                Session next = hub.open(outboxes[who], "fuzz-" + who, null);
                String name = data.consumeBoolean() ? names[who] : null;
                sessions[who] = hub.handle(next, new ClientFrame("r", new Hello(name, null, token)));
                continue;
            }
            String text = data.consumeBoolean()
                    ? String.format(data.pickValue(TEMPLATES), pick(data, names, sessions), pick(data, names, sessions))
                    : data.consumeString(200);
            try {
                sessions[who] = hub.handle(sessions[who], ClientFrameCodec.decode(text));
            } catch (ProtocolException e) {
                hub.reject(sessions[who], e);
            }
        }
        for (Session s : sessions) hub.close(s);
        for (Session s : dropped) hub.close(s);
        for (Recorder r : outboxes) {
            for (ServerFrame f : r.frames) {
                if (f.message() instanceof ErrorReply e) assertThat(e.code()).isNotEqualTo(ErrorCode.INTERNAL);
            }
        }
        assertThat(hub.stats()).isEqualTo(new Hub.Stats(0, 0, 0, 0));
    }

    private static String lastResumeToken(Recorder r) {
        String token = null;
        for (ServerFrame f : r.frames) {
            if (f.message() instanceof Welcome w) token = w.resumeToken();
        }
        return token;
    }

    /** Either a fuzzed string or something the conversation has made meaningful: a name, a session id, a room. */
    private static String pick(FuzzedDataProvider data, String[] names, Session[] sessions) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> data.pickValue(names);
            case 1 -> sessions[data.consumeInt(0, 2)].id();
            case 2 -> "room";
            default -> data.consumeString(20).replace("\"", "").replace("\\", "");
        };
    }
}
