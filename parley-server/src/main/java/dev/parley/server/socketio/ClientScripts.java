package dev.parley.server.socketio;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browser client scripts, as a socket.io server serves them to pages that load
 * {@code /socket.io/socket.io.js}: socket.io-client 4.x there (it speaks Engine.IO 4), and the
 * socket.io 2.x client (Engine.IO 3, what pages written for a socket.io 2 server expect) under
 * {@code /socket.io/2/}. Read once from the class path and kept in memory, each with a content
 * hash as its ETag, revalidated on every use ({@code no-cache}), as Parley's own files are.
 */
final class ClientScripts {
    static final String CLIENT_4 = "socketio/socket.io-client-4.8.4/";
    /** The webjar {@code org.webjars.bower:socket.io-client}: keep in step with its version in the pom. */
    static final String CLIENT_2 = "META-INF/resources/webjars/socket.io-client/2.0.3/dist/";
    /** URL path → class-path resource. */
    private static final Map<String, String> FILES = Map.of(
            "/socket.io/socket.io.js", CLIENT_4 + "socket.io.js",
            "/socket.io/socket.io.js.map", CLIENT_4 + "socket.io.js.map",
            "/socket.io/socket.io.min.js", CLIENT_4 + "socket.io.min.js",
            "/socket.io/socket.io.min.js.map", CLIENT_4 + "socket.io.min.js.map",
            "/socket.io/2/socket.io.js", CLIENT_2 + "socket.io.js",
            "/socket.io/2/socket.io.js.map", CLIENT_2 + "socket.io.js.map");

    record Script(byte[] body, String contentType, String etag) {}

    /** Loaded scripts by URL path; empty for a resource missing from the class path. */
    private final Map<String, Optional<Script>> cache = new ConcurrentHashMap<>();

    /** The script at this URL path, or null. */
    Script get(String path) {
        String resource = FILES.get(path);
        return resource == null ? null : cache.computeIfAbsent(path, p -> load(resource)).orElse(null);
    }

    /** Answers a request under the endpoint's path that is not an Engine.IO request: a script, or 404. */
    void serve(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        boolean read = request.method().equals(HttpMethod.GET);
        Script s = read ? get(path) : null;
        HttpReplies.Exchange x = new HttpReplies.Exchange(ctx.channel(), null);
        if (s == null) {
            HttpReplies.send(x, HttpReplies.response(read ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "text/plain; charset=utf-8", read ? "not found\n" : "use GET\n"), false);
            return;
        }
        boolean fresh = s.etag().equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH));
        var r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, fresh ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
                fresh ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(s.body()));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, s.contentType()).set(HttpHeaderNames.ETAG, s.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        HttpReplies.send(x, r, false);
    }

    private static Optional<Script> load(String resource) {
        try (InputStream in = ClientScripts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) return Optional.empty();
            byte[] body = in.readAllBytes();
            String type = resource.endsWith(".map") ? "application/json; charset=utf-8" : "application/javascript; charset=utf-8";
            return Optional.of(new Script(body, type, "\"" + HexFormat.of().formatHex(sha256(body), 0, 16) + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
