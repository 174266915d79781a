package dev.parley.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP long-polling, both Engine.IO revisions, as real clients drive it. */
class PollingTest {
    /** A server per test, so what the application logs is this test's alone. */
    private SocketIoFixture f;

    @BeforeEach
    void start() throws Exception {
        f = SocketIoFixture.start();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void engineIo4HandshakeThenConnectThenEventsBothWays() throws Exception {
        HttpResponse<String> open = f.get("EIO=4&transport=polling&t=N8hyd6w");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.headers().firstValue("Content-Type")).hasValue("text/plain; charset=UTF-8");
        assertThat(open.body()).matches("0\\{\"sid\":\"[A-Za-z0-9_-]{22}\",\"upgrades\":\\[\"websocket\"],"
                + "\"pingInterval\":5000,\"pingTimeout\":5000,\"maxPayload\":65536}");

        var s = f.polling(4);
        assertThat(s.opened).hasSize(1);
        HttpResponse<String> posted = s.post("40{\"token\":\"abc\"}");
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(posted.body()).isEqualTo("ok");
        assertThat(posted.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(s.poll()).singleElement().asString().matches("40\\{\"sid\":\"sock-\\d+\"}");
        assertThat(f.app.next("connected")).endsWith(" {\"token\":\"abc\"}");
        SocketIoSocket socket = f.app.sockets.get(0);
        assertThat(socket.engineVersion()).isEqualTo(4);
        assertThat(socket.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(socket.host()).as("the Host header's host, one of the server's own").isEqualTo("127.0.0.1");
        assertThat(socket.query()).containsEntry("EIO", List.of("4")).containsEntry("t", List.of("abc"))
                .containsEntry("transport", List.of("polling"));

        // Arguments reach the application exactly as sent, and come back the same.
        s.send("42[\"message\", \"r1\" , 1.50,{\"a\": [1,2]},\"\\u00e9\",null,true]", "42[\"join\",{\"roomId\":\"x\"}]");
        assertThat(f.app.next("event")).isEqualTo("event message [\"r1\", 1.50, {\"a\": [1,2]}, \"\\u00e9\", null, true]");
        assertThat(f.app.next("event")).isEqualTo("event join [{\"roomId\":\"x\"}]");
        assertThat(s.poll()).containsExactly("42[\"message\",\"r1\",1.50,{\"a\": [1,2]},\"\\u00e9\",null,true]",
                "42[\"join\",{\"roomId\":\"x\"}]");
    }

    @Test
    void engineIo3ConnectsImplicitlyAndCountsLengthsInUtf16Units() throws Exception {
        HttpResponse<String> open = f.get("EIO=3&transport=polling&t=N8hyd6w");
        assertThat(open.body()).matches("\\d+:0\\{\"sid\":\"[A-Za-z0-9_-]{22}\",\"upgrades\":\\[\"websocket\"],"
                + "\"pingInterval\":5000,\"pingTimeout\":5000}2:40");
        String first = open.body().substring(open.body().indexOf(':') + 1, open.body().lastIndexOf("2:40"));
        assertThat(open.body()).startsWith(first.length() + ":");
        assertThat(f.app.next("connected")).endsWith(" -");

        var s = f.polling(3);
        assertThat(s.opened).hasSize(2).last().isEqualTo("40");
        f.app.next("connected");
        String euroAndEmoji = "42[\"message\",\"€ \uD83D\uDE00\"]"; // 1 + 3 chars for € and the two surrogates
        HttpResponse<String> r = f.post(s.query(), euroAndEmoji.length() + ":" + euroAndEmoji + "1:2");
        assertThat(r.body()).isEqualTo("ok");
        assertThat(f.app.next("event")).isEqualTo("event message [\"€ \uD83D\uDE00\"]");
        HttpResponse<String> got = f.get(s.query());
        assertThat(got.body()).isEqualTo(euroAndEmoji.length() + ":" + euroAndEmoji + "1:3");
    }

    @Test
    void aHeldPollIsAnsweredWhenSomethingComes() throws Exception {
        var s = f.polling(4);
        s.connect();
        var held = s.pollAsync();
        Thread.sleep(200);
        assertThat(held).isNotDone();
        s.send("42[\"hello\",\"there\"]");
        assertThat(held.get(5, TimeUnit.SECONDS).body()).isEqualTo("42[\"hello\",\"there\"]");
    }

    @Test
    void unknownSessionIs400WithEngineIosJson() throws Exception {
        for (HttpResponse<String> r : List.of(f.get("EIO=4&transport=polling&sid=nope"),
                f.post("EIO=4&transport=polling&sid=nope", "40"), f.get("EIO=3&transport=polling&sid=nope"))) {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(r.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        }
    }

    @Test
    void badRequestsGetEngineIosErrors() throws Exception {
        assertThat(f.get("EIO=4&transport=carrier-pigeon").body()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
        assertThat(f.post("EIO=4&transport=polling", "40").body()).isEqualTo("{\"code\":2,\"message\":\"Bad handshake method\"}");
        assertThat(f.get("EIO=9&transport=polling").body()).isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        assertThat(f.get("transport=polling").body()).as("EIO is mandatory").isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        HttpResponse<String> jsonp = f.get("EIO=3&transport=polling&j=0");
        assertThat(jsonp.statusCode()).isEqualTo(400);
        assertThat(jsonp.body()).contains("JSONP polling is not supported");
        assertThat(f.get("EIO=4&transport=polling").statusCode()).as("no session was left behind by those").isEqualTo(200);
    }

    @Test
    void overlappingPollsAre400AndEndTheSession() throws Exception {
        var s = f.polling(4);
        s.connect();
        f.app.next("connected");
        var first = s.pollAsync();
        Thread.sleep(200);
        HttpResponse<String> second = s.f.get(s.query());
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(first.get(5, TimeUnit.SECONDS).body()).isEqualTo("1");
        assertThat(f.app.next("disconnected")).isEqualTo("disconnected false");
        assertThat(f.get(s.query()).statusCode()).isEqualTo(400);
    }

    @Test
    void otherNamespacesAreRefusedInEachRevisionsFormat() throws Exception {
        var v4 = f.polling(4);
        v4.send("40/admin,");
        assertThat(v4.poll()).containsExactly("44/admin,{\"message\":\"Invalid namespace\"}");
        v4.connect(); // "/" still works

        var v3 = f.polling(3);
        v3.send("40/admin?token=1,");
        assertThat(v3.poll()).containsExactly("44/admin,\"Invalid namespace\"");
        v3.send("42[\"still\",\"here\"]");
        assertThat(v3.poll()).containsExactly("42[\"still\",\"here\"]");
    }

    @Test
    void aRefusedConnectGetsConnectErrorThenTheEngineCloses() throws Exception {
        var s = f.polling(4);
        s.send("40{\"refuse\":true}");
        assertThat(s.poll()).containsExactly("44{\"message\":\"refused by test\"}");
        assertThat(s.poll()).as("the close comes in a poll of its own").containsExactly("1");
        assertThat(f.get(s.query()).statusCode()).isEqualTo(400);
    }

    @Test
    void connectingOverAndOverOnOneSessionIsCutOff() throws Exception {
        var s = f.polling(4);
        for (int i = 0; i < MainNamespace.MAX_CONNECTS; i++) {
            s.send("40");
            assertThat(s.poll()).singleElement().asString().startsWith("40{\"sid\":");
            f.app.next("connected");
            s.send("41");
            f.app.next("disconnected");
        }
        s.send("40"); // each socket is a fresh budget: one more would be a way around the rate limit
        var r = f.get(s.query());
        assertThat(r.body().endsWith("1") || r.statusCode() == 400).as(r.statusCode() + " " + r.body()).isTrue();
        assertThat(f.get(s.query()).statusCode()).as("the session is gone").isEqualTo(400);
    }

    @Test
    void clientDisconnectAndEngineCloseAreGoodbyes() throws Exception {
        var s = f.polling(4);
        s.connect();
        f.app.next("connected");
        s.send("41");
        assertThat(f.app.next("disconnected")).isEqualTo("disconnected true");
        s.send("40"); // Engine.IO 4: the same engine may connect "/" again
        assertThat(s.poll()).singleElement().asString().startsWith("40{\"sid\":");
        f.app.next("connected");
        var held = s.pollAsync();
        Thread.sleep(100);
        s.send("1");
        assertThat(held.get(5, TimeUnit.SECONDS).body()).as("Engine.IO releases the poll with a noop").isEqualTo("6");
        assertThat(f.app.next("disconnected")).isEqualTo("disconnected true");
        assertThat(f.get(s.query()).statusCode()).isEqualTo(400);
    }

    @Test
    void serverDisconnectSendsDisconnectThenClose() throws Exception {
        var s = f.polling(3);
        f.app.next("connected");
        var held = s.pollAsync();
        s.send("42[\"bye\"]");
        assertThat(EnginePackets.decodePayload(3, held.get(5, TimeUnit.SECONDS).body())).containsExactly("41");
        assertThat(f.app.next("disconnected")).isEqualTo("disconnected false");
        assertThat(s.poll()).as("the close comes in a poll of its own").containsExactly("1");
        assertThat(f.get(s.query()).statusCode()).isEqualTo(400);
    }

    @Test
    void acknowledgementsAskedForAreIgnoredAndBreakNothing() throws Exception {
        var s = f.polling(4);
        s.connect();
        s.send("4212[\"message\",\"x\"]", "3/admin,13[\"bar\"]", "35[]");
        assertThat(s.poll()).containsExactly("42[\"message\",\"x\"]");
    }

    @Test
    void malformedSocketIoPacketsEndTheSession() throws Exception {
        for (String bad : List.of("42{\"not\":\"an array\"}", "42[1,2]", "42[\"unterminated\"", "42[\"a\"]x", "49", "4")) {
            var s = f.polling(4);
            s.connect();
            f.app.next("connected");
            assertThat(s.post(bad).statusCode()).isEqualTo(200);
            assertThat(f.app.next("disconnected")).as(bad).isEqualTo("disconnected false");
            assertThat(f.get(s.query()).statusCode()).as(bad).isEqualTo(400);
        }
        for (String garbage : List.of("x", "", "b4AQID", "41\u001e", "9")) { // not Engine.IO packets: 400, and the session ends
            var s = f.polling(4);
            s.connect();
            f.app.next("connected");
            HttpResponse<String> r = f.post(s.query(), garbage);
            assertThat(r.statusCode()).as(garbage).isEqualTo(400);
            assertThat(f.app.next("disconnected")).as(garbage).isEqualTo("disconnected false");
        }
        for (String garbage : List.of("9:42[", "x:1", "", "2:b4AQID", "1:2x")) {
            var v3 = f.polling(3);
            f.app.next("connected");
            HttpResponse<String> r = f.post(v3.query(), garbage);
            assertThat(r.statusCode()).as(garbage).isEqualTo(400);
            assertThat(r.body()).as(garbage).startsWith("{\"code\":3,\"message\":");
            assertThat(f.app.next("disconnected")).as(garbage).isEqualTo("disconnected false");
        }
        for (String bad : List.of("40[1]", "40{\"a\":1}x", "40\"token\"")) {
            var s = f.polling(4);
            assertThat(s.post(bad).statusCode()).isEqualTo(200);
            assertThat(f.get(s.query()).statusCode()).as(bad).isEqualTo(400);
        }
    }
}
