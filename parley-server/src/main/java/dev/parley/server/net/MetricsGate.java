package dev.parley.server.net;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Who may read {@code /metrics} (it tells an attacker how loaded the server is, and what the JVM is):
 * anyone with {@code Authorization: Bearer <metrics token>}; without one, only a client on this
 * machine over plain HTTP that is not a reverse proxy passing a request on (a proxy on this
 * machine would otherwise make it public). A proxy is known only by the headers it adds; one that
 * adds none of {@link #PROXY_HEADERS} looks like a local client, so behind it a token is needed.
 */
record MetricsGate(String token) {
    /** Headers reverse proxies add: the standard ones, X-Real-IP (as nginx set-ups commonly add), Via (caches such as Varnish, Squid). */
    static final List<String> PROXY_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Real-IP", "Via");

    enum Verdict { ALLOWED, NO_TOKEN, WRONG_TOKEN }

    Verdict check(Channel channel, boolean tls, HttpHeaders headers) {
        if (token != null && headers.contains(HttpHeaderNames.AUTHORIZATION)) {
            String given = Bearer.token(headers);
            return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))
                    ? Verdict.ALLOWED : Verdict.WRONG_TOKEN;
        }
        boolean local = channel.remoteAddress() instanceof InetSocketAddress remote && remote.getAddress().isLoopbackAddress();
        boolean forwarded = PROXY_HEADERS.stream().anyMatch(headers::contains);
        return !tls && local && !forwarded ? Verdict.ALLOWED : Verdict.NO_TOKEN;
    }
}
