package dev.parley.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.Transport;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * The real Java client, {@code io.socket:socket.io-client} 2.1.2 (Socket.IO protocol 5 over
 * Engine.IO 4, OkHttp underneath), against the endpoint with the echo application.
 */
class JavaClientTest {
    @Test
    void pollingThenUpgradeEmitsAndReceivesStringsNumbersAndObjects() throws Exception {
        try (var f = SocketIoFixture.start()) {
            var events = new LinkedBlockingQueue<String>();
            var transports = new LinkedBlockingQueue<String>();
            Socket socket = IO.socket(URI.create("http://127.0.0.1:" + f.port()), IO.Options.builder()
                    .setTransports(new String[] {Polling.NAME, WebSocket.NAME}).setReconnection(false)
                    .setAuth(Map.of("token", "abc")).build());
            socket.io().on(Manager.EVENT_TRANSPORT, args -> transports.add(((Transport) args[0]).name));
            try {
                connectAndEcho(socket, events);
                assertThat(transports.poll(5, TimeUnit.SECONDS)).isEqualTo("polling");
                assertThat(transports.poll(5, TimeUnit.SECONDS)).as("then it probes a WebSocket").isEqualTo("websocket");
                assertThat(f.app.next("connected")).endsWith("{\"token\":\"abc\"}");
                awaitTransport(socket, "websocket");
                socket.emit("message", "after the upgrade", 7);
                assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("message [\"after the upgrade\",7]");
            } finally {
                socket.close();
            }
            assertThat(f.app.next("disconnected")).isEqualTo("disconnected true");
        }
    }

    @Test
    void webSocketOnly() throws Exception {
        try (var f = SocketIoFixture.start()) {
            var events = new LinkedBlockingQueue<String>();
            Socket socket = IO.socket(URI.create("http://127.0.0.1:" + f.port()), IO.Options.builder()
                    .setTransports(new String[] {WebSocket.NAME}).setReconnection(false).build());
            try {
                connectAndEcho(socket, events);
                assertThat(f.app.next("connected")).endsWith(" -");
                awaitTransport(socket, "websocket");
                socket.emit("bye");
                String reason = events.poll(5, TimeUnit.SECONDS);
                assertThat(reason).isEqualTo("disconnect io server disconnect");
            } finally {
                socket.close();
            }
        }
    }

    @Test
    void aRefusalArrivesAsConnectErrorWithItsMessage() throws Exception {
        try (var f = SocketIoFixture.start()) {
            var errors = new LinkedBlockingQueue<String>();
            Socket socket = IO.socket(URI.create("http://127.0.0.1:" + f.port()), IO.Options.builder()
                    .setReconnection(false).setAuth(Map.of("refuse", "yes")).build());
            socket.on(Socket.EVENT_CONNECT_ERROR, args -> errors.add(String.valueOf(((JSONObject) args[0]).opt("message"))));
            try {
                socket.connect();
                assertThat(errors.poll(5, TimeUnit.SECONDS)).isEqualTo("refused by test");
            } finally {
                socket.close();
            }
        }
    }

    /** Connects, then emits a string, a number and an object and expects each back. */
    private static void connectAndEcho(Socket socket, LinkedBlockingQueue<String> events) throws Exception {
        var connected = new LinkedBlockingQueue<String>();
        socket.on(Socket.EVENT_CONNECT, args -> connected.add(socket.id()));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> connected.add("error " + args[0]));
        socket.on(Socket.EVENT_DISCONNECT, args -> events.add("disconnect " + args[0]));
        socket.on("message", args -> {
            if (args.length == 2 && args[1] instanceof JSONObject o) { // key order of old org.json's toString() is not fixed
                events.add("message " + args[0] + " object type=" + o.optString("type") + " sdp=" + o.optString("sdp"));
            } else {
                events.add("message " + new org.json.JSONArray(List.of(args)));
            }
        });
        socket.on("join", args -> events.add("join " + new org.json.JSONArray(List.of(args))));
        socket.connect();
        assertThat(connected.poll(5, TimeUnit.SECONDS)).matches("sock-\\d+");
        socket.emit("join", 123456);
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("join [123456]");
        socket.emit("message", "room-1", new JSONObject(Map.of("type", "offer", "sdp", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n")));
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("message room-1 object type=offer sdp=v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n");
        socket.emit("message", "text only");
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("message [\"text only\"]");
    }

    /** Waits until the client's engine runs on this transport (read from the client's package-private fields). */
    private static void awaitTransport(Socket socket, String name) throws Exception {
        var engineField = Manager.class.getDeclaredField("engine");
        engineField.setAccessible(true);
        var transportField = io.socket.engineio.client.Socket.class.getDeclaredField("transport");
        transportField.setAccessible(true);
        String now = null;
        for (int i = 0; i < 100 && !name.equals(now); i++) {
            Object engine = engineField.get(socket.io());
            Transport t = engine == null ? null : (Transport) transportField.get(engine);
            now = t == null ? null : t.name;
            if (!name.equals(now)) Thread.sleep(50);
        }
        assertThat(now).isEqualTo(name);
    }
}
