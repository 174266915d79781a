package dev.parley.server.net;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/** The token of an {@code Authorization: Bearer …} header (RFC 6750), as {@code /api/ice} and {@code /metrics} take it. */
final class Bearer {
    private Bearer() {}

    /** The token, or null when there is no Authorization header or it is not a bearer one. */
    static String token(HttpHeaders headers) {
        String header = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        return header.substring(7).trim();
    }
}
