package dev.parley.server.net;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may read {@code /metrics} (it tells an attacker how loaded the server is, and what the JVM is):
 * anyone with {@code Authorization: Bearer <metrics token>}; without one, only a client on this
 * machine over plain HTTP that is not a reverse proxy passing a request on (a proxy on this
 * machine would otherwise make it public).
 */
record MetricsGate(String token) {
    enum Verdict { ALLOWED, NO_TOKEN, WRONG_TOKEN }

    Verdict check(Channel channel, boolean tls, HttpHeaders headers) {
        String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (token != null && auth != null) {
            boolean bearer = auth.regionMatches(true, 0, "Bearer ", 0, 7);
            return bearer && MessageDigest.isEqual(auth.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8)) ? Verdict.ALLOWED : Verdict.WRONG_TOKEN;
        }
        boolean local = channel.remoteAddress() instanceof InetSocketAddress remote && remote.getAddress().isLoopbackAddress();
        boolean forwarded = headers.contains("Forwarded") || headers.contains("X-Forwarded-For");
        return !tls && local && !forwarded ? Verdict.ALLOWED : Verdict.NO_TOKEN;
    }
}
