package dev.parley.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.dialect.clients.ClientFactory;
import dev.parley.server.dialect.clients.OrgJson;
import dev.parley.server.dialect.clients.Received;
import dev.parley.server.dialect.clients.RecordingClient;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.Transport;
import io.socket.parser.Packet;
import io.socket.parser.Parser;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.json.JSONArray;

/**
 * socket.io-client-java 1.x (1.0.0, what seed 000's Android app uses: Engine.IO 3, socket.io 2 servers)
 * in this JVM, with the shape of parley-server's {@code NodeSocketIoClient} and 2.x
 * {@code JavaSocketIoClient}: kind "java1" ({@link #FACTORY} adds it to the standard kinds).
 *
 * <p>1.x has no catch-all listener, so events are read where the library's own Socket reads them: the
 * Manager's {@code packet} event, for EVENT and BINARY_EVENT packets of the default namespace, with
 * the same conversion the Socket applies before calling listeners (JSON null becomes null).
 * Listeners run on the library's event thread; the test reads them from the queue.
 */
public final class JavaSocketIoClient extends RecordingClient {

    /** The standard kinds ("sio2", "sio4", "java2") plus "java1". */
    public static final ClientFactory FACTORY = ClientFactory.STANDARD.orElse(
            (label, kind, url, options) -> kind.equals("java1") ? connect(label, url, options) : null);

    /** One OkHttp client on daemon threads for every test socket (the library's default is non-daemon). */
    private static final OkHttpClient HTTP;

    static {
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "socket.io-client-java1-okhttp");
            t.setDaemon(true);
            return t;
        });
        HTTP = new OkHttpClient.Builder().dispatcher(new Dispatcher(executor)).build();
    }

    private final Socket socket;

    private JavaSocketIoClient(String label, URI url, JsonNode options) {
        super(label, "java1");
        IO.Options opts = options(options);
        opts.callFactory = HTTP;
        opts.webSocketFactory = HTTP;
        try {
            socket = IO.socket(url.toString(), opts);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(url.toString(), e);
        }
        socket.io().on(Manager.EVENT_TRANSPORT, args -> transport = ((Transport) args[0]).name);
        socket.io().on(Manager.EVENT_PACKET, args -> {
            Packet<?> packet = (Packet<?>) args[0];
            // The Socket drops what arrives after its own disconnect (the Manager may still be reading).
            if (socket.connected() && "/".equals(packet.nsp) && (packet.type == Parser.EVENT || packet.type == Parser.BINARY_EVENT)
                    && packet.data instanceof JSONArray data && data.length() > 0) {
                List<JsonNode> values = new ArrayList<>();
                for (int i = 1; i < data.length(); i++) {
                    values.add(OrgJson.toJackson(data.opt(i)));
                }
                record(Received.event(String.valueOf(data.opt(0)), values, packet.id >= 0));
            }
        });
        socket.on(Socket.EVENT_CONNECT, args -> {
            id = socket.id();
            record(Received.lifecycle("connect", List.of()));
        });
        socket.on(Socket.EVENT_DISCONNECT, args -> {
            id = null;
            record(Received.lifecycle("disconnect", values(args)));
        });
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> record(Received.lifecycle("connect_error",
                Arrays.stream(args).map(a -> a instanceof Throwable t ? OrgJson.toJackson(t.getMessage())
                        : OrgJson.toJackson(a)).toList())));
        socket.on(Socket.EVENT_ERROR, args -> record(Received.lifecycle("error", values(args))));
        socket.connect();
    }

    /** Connects as {@code IO.socket(url, new IO.Options()).connect()}, as the Android app does. */
    public static JavaSocketIoClient connect(String label, URI url) {
        return new JavaSocketIoClient(label, url, null);
    }

    /**
     * Connects with options as JSON: {@code transports}, {@code query} (object or string), {@code path},
     * {@code reconnection}, {@code forceNew}, {@code timeout}. (1.x has no auth and no extra headers.)
     */
    public static JavaSocketIoClient connect(String label, URI url, JsonNode options) {
        return new JavaSocketIoClient(label, url, options);
    }

    @Override
    public void emit(String event, Object... args) {
        socket.emit(event, OrgJson.fromJava(args));
    }

    @Override
    public void emitJson(String event, String... jsonArgs) {
        socket.emit(event, OrgJson.fromJsonText(jsonArgs));
    }

    /** How long a disconnect is given to reach the server before the next step: see {@link #disconnect()}. */
    private static final long DISCONNECT_SETTLE_MILLIS = 250;

    /**
     * Disconnects, and returns once the disconnect is on its way to the server and it has had a moment
     * to take it. The library says "disconnect" at once, before its packet leaves; seed 000's server
     * tells nobody of a disconnect, so nothing can be awaited there, and a next step from another
     * connection (a join taking the seat) could otherwise reach the server first, which a person
     * acting after someone left never does.
     */
    @Override
    public void disconnect() {
        var closed = new java.util.concurrent.CountDownLatch(1);
        socket.io().once(Manager.EVENT_CLOSE, args -> closed.countDown());
        socket.disconnect();
        try {
            closed.await(5, java.util.concurrent.TimeUnit.SECONDS);
            Thread.sleep(DISCONNECT_SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void drop() {
        throw new UnsupportedOperationException("socket.io-client-java always says goodbye; use a Node client");
    }

    @Override
    public String diagnostics() {
        return "";
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.off();
        socket.io().off();
    }

    private static List<JsonNode> values(Object[] args) {
        return Arrays.stream(args).map(OrgJson::toJackson).toList();
    }

    private static IO.Options options(JsonNode json) {
        IO.Options opts = new IO.Options();
        if (json == null) {
            return opts;
        }
        json.fields().forEachRemaining(field -> {
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "transports" -> {
                    List<String> names = new ArrayList<>();
                    v.forEach(n -> names.add(n.asText()));
                    opts.transports = names.toArray(String[]::new);
                }
                case "query" -> opts.query = v.isTextual() ? v.asText() : query(v);
                case "path" -> opts.path = v.asText();
                case "reconnection" -> opts.reconnection = v.asBoolean();
                case "forceNew" -> opts.forceNew = v.asBoolean();
                case "timeout" -> opts.timeout = v.asLong();
                default -> throw new IllegalArgumentException("option not supported by socket.io-client-java 1.x"
                        + " or this helper: " + field.getKey());
            }
        });
        return opts;
    }

    private static String query(JsonNode object) {
        StringBuilder q = new StringBuilder();
        object.fields().forEachRemaining(f -> {
            if (!q.isEmpty()) {
                q.append('&');
            }
            q.append(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(f.getValue().asText(), StandardCharsets.UTF_8));
        });
        return q.toString();
    }
}
