package dev.parley.server.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The WebSocket a browser opens, through whatever is in front of Parley, with a real {@code hello}:
 * the upgrade must come back as 101 and the server must answer {@code welcome}, whose ICE servers
 * (with this session's TURN credentials) the media checks then use. And the server's clock, from
 * its HTTP Date header.
 */
final class SignalingCheck {
    /** The check, and the welcome when there was one. */
    record Result(Check check, JsonNode welcome) {}

    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SignalingCheck() {}

    static Result run(URI page, HttpClient http, String token, Duration timeout) {
        URI ws = URI.create((page.getScheme().equals("https") ? "wss" : "ws") + "://" + page.getRawAuthority() + "/ws");
        var answer = new CompletableFuture<JsonNode>();
        WebSocket socket;
        CompletableFuture<WebSocket> opening = null;
        try {
            // The page's origin, as a browser sends it: Parley checks it, and a proxy in front changes what it should be.
            opening = http.newWebSocketBuilder().connectTimeout(timeout).header("Origin", origin(page)).buildAsync(ws, new Listener(answer));
            socket = opening.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                int status = h.getResponse().statusCode();
                if (status == 403) {
                    return new Result(Check.fail("websocket", "WebSocket", "the upgrade at " + ws + " was refused (403), most likely because Parley does not take "
                            + origin(page) + " as one of its own origins: browsers on this page cannot connect",
                            "Behind a reverse proxy or a port mapping, allow the public origin: --allowed-origin " + origin(page) + "."), null);
                }
                return new Result(Check.fail("websocket", "WebSocket", "the upgrade at " + ws + " was answered with HTTP " + status
                        + " instead of 101 Switching Protocols: something in front of Parley does not pass WebSocket upgrades on",
                        "In the reverse proxy: nginx needs proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; "
                                + "proxy_set_header Connection \"upgrade\"; (docs/deploy.md). HAProxy and Caddy pass them by default."), null);
            }
            return failed(ws, e.getCause());
        } catch (TimeoutException e) {
            opening.whenComplete((late, error) -> { if (late != null) late.abort(); }); // one that opens after all is not kept
            return failed(ws, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(ws, e);
        }
        try {
            String hello = token != null ? "{\"type\":\"hello\",\"id\":\"1\",\"token\":" + JSON.valueToTree(token) + "}"
                    : "{\"type\":\"hello\",\"id\":\"1\",\"name\":\"doctor-" + Long.toString(System.nanoTime() & 0xFFFFFF, 36) + "\"}";
            socket.sendText(hello, true);
            JsonNode reply = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if ("welcome".equals(reply.path("type").asText())) {
                return new Result(Check.pass("websocket", "WebSocket", "the upgrade at " + ws + " went through and hello was answered with welcome"),
                        reply);
            }
            String code = reply.path("code").asText();
            if (token == null && code.equals("unauthorized")) {
                // Not known to be broken, but not known to work either: a script must not read this as a pass.
                return new Result(Check.fail("websocket", "WebSocket", "the upgrade at " + ws + " went through, but the server is in token mode: "
                        + "without a token nothing behind hello (STUN, TURN, the relay) could be checked",
                        "Give the doctor a token: --token \"$(./parley token --auth-secret … doctor)\"."), null);
            }
            return new Result(Check.fail("websocket", "WebSocket", "hello was refused: " + code + " (" + reply.path("message").asText() + ")",
                    code.contains("token") || code.equals("unauthorized") ? "Check the token (its secret, expiry and rights)." : null), null);
        } catch (ExecutionException | TimeoutException e) {
            return new Result(Check.fail("websocket", "WebSocket", "the upgrade went through but hello was not answered within "
                    + timeout.toSeconds() + " s", "Something between the doctor and Parley holds WebSocket messages back; check the proxy."), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(ws, e);
        } finally {
            socket.abort();
        }
    }

    /** What a browser sends as Origin for this page: scheme, host and a port other than the scheme's own. */
    static String origin(URI page) {
        int port = page.getPort();
        boolean usual = port < 0 || port == (page.getScheme().equals("https") ? 443 : 80);
        return page.getScheme() + "://" + page.getHost() + (usual ? "" : ":" + port);
    }

    private static Result failed(URI ws, Throwable e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new Result(Check.fail("websocket", "WebSocket", "no WebSocket at " + ws + " (" + why + ")",
                "Check the address; a proxy in front must pass /ws to Parley."), null);
    }

    /** The server's clock against this one's, from the Date of a /healthz answer. */
    static Check clock(URI page, HttpClient http, Instant now, Duration timeout) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(page.resolve("/healthz")).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            var date = r.headers().firstValue("date");
            if (date.isEmpty()) return Check.skip("clock", "Clock", "the server sent no Date header to compare clocks with");
            Instant server = ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration skew = Duration.between(now, server).abs();
            if (skew.compareTo(CLOCK_SKEW) > 0) {
                return Check.warn("clock", "Clock", "the server's clock and this machine's differ by " + skew.toSeconds() + " s",
                        "Run NTP (systemd-timesyncd, chrony) on every machine: TURN credentials, access tokens and certificates are checked "
                                + "against clocks, and nodes of a cluster or a TURN server of its own must agree with the one that minted them.");
            }
            return Check.pass("clock", "Clock", "the server's clock is within " + Math.max(1, skew.toSeconds()) + " s of this machine's");
        } catch (IOException | RuntimeException e) {
            return Check.skip("clock", "Clock", "/healthz did not answer (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.skip("clock", "Clock", "interrupted");
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final CompletableFuture<JsonNode> answer;
        private final StringBuilder text = new StringBuilder();

        Listener(CompletableFuture<JsonNode> answer) {
            this.answer = answer;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    String type = message.path("type").asText();
                    if (type.equals("welcome") || type.equals("error")) answer.complete(message);
                } catch (IOException e) {
                    answer.completeExceptionally(e);
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            answer.completeExceptionally(new IOException("closed with " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            answer.completeExceptionally(error);
        }
    }
}
