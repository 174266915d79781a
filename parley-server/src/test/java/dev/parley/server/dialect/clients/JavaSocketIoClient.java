package dev.parley.server.dialect.clients;

import com.fasterxml.jackson.databind.JsonNode;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.Transport;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * socket.io-client-java 2.x (2.1.2: Engine.IO 4, socket.io 3/4 servers) in this JVM. The 1.x client
 * (Engine.IO 3, seed 000's Android app) cannot share this classpath: parley-compat-tests has it.
 *
 * <p>Events are taken from {@code Socket.onAnyIncoming}, which sees exactly what per-event listeners get.
 * Listeners run on the library's event thread; the test reads them from the queue.
 */
public final class JavaSocketIoClient extends RecordingClient {

    /**
     * One OkHttp client for every test socket, on daemon threads: the library's own default runs
     * non-daemon dispatcher threads that outlive the tests by a minute.
     */
    private static final OkHttpClient HTTP;

    static {
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "socket.io-client-java-okhttp");
            t.setDaemon(true);
            return t;
        });
        HTTP = new OkHttpClient.Builder().dispatcher(new Dispatcher(executor)).build();
    }

    private final Socket socket;

    private JavaSocketIoClient(String label, URI url, JsonNode options) {
        super(label, "java2");
        IO.Options opts = options(options);
        opts.callFactory = HTTP;
        opts.webSocketFactory = HTTP;
        socket = IO.socket(url, opts);
        socket.io().on(Manager.EVENT_TRANSPORT, args -> transport = ((Transport) args[0]).name);
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
        socket.onAnyIncoming(args -> {
            boolean ack = args.length > 0 && args[args.length - 1] instanceof Ack;
            List<Object> values = new ArrayList<>(Arrays.asList(args).subList(1, args.length - (ack ? 1 : 0)));
            record(Received.event(String.valueOf(args[0]), values(values.toArray()), ack));
        });
        socket.connect();
    }

    /** Connects as {@code IO.socket(url, new IO.Options())}. */
    public static JavaSocketIoClient connect(String label, URI url) {
        return new JavaSocketIoClient(label, url, null);
    }

    /**
     * Connects with options given as JSON, as client.js takes them: {@code transports} (array),
     * {@code query} (object or string), {@code path}, {@code reconnection}, {@code forceNew},
     * {@code timeout}, {@code auth} (object of strings), {@code extraHeaders} (object of strings).
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

    @Override
    public void disconnect() {
        socket.disconnect();
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
                case "transports" -> opts.transports = strings(v).toArray(String[]::new);
                case "query" -> opts.query = v.isTextual() ? v.asText() : query(v);
                case "path" -> opts.path = v.asText();
                case "reconnection" -> opts.reconnection = v.asBoolean();
                case "forceNew" -> opts.forceNew = v.asBoolean();
                case "timeout" -> opts.timeout = v.asLong();
                case "auth" -> opts.auth = stringMap(v);
                case "extraHeaders" -> {
                    Map<String, List<String>> headers = new LinkedHashMap<>();
                    stringMap(v).forEach((k, value) -> headers.put(k, List.of(value)));
                    opts.extraHeaders = headers;
                }
                default -> throw new IllegalArgumentException("option not supported by this helper: " + field.getKey());
            }
        });
        return opts;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        return out;
    }

    static String query(JsonNode object) {
        StringBuilder q = new StringBuilder();
        object.fields().forEachRemaining(f -> {
            if (!q.isEmpty()) {
                q.append('&');
            }
            q.append(java.net.URLEncoder.encode(f.getKey(), java.nio.charset.StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(f.getValue().asText(), java.nio.charset.StandardCharsets.UTF_8));
        });
        return q.toString();
    }
}
