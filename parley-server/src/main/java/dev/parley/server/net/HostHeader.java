package dev.parley.server.net;

import java.util.regex.Pattern;

/** The host part of an HTTP Host header, if it is a plain name or IP literal (it ends up in URLs we hand out). */
final class HostHeader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}]");

    private HostHeader() {}

    /** {@code example.org:8443} → {@code example.org}; {@code [::1]:8443} → {@code [::1]}; anything odd → null. */
    static String hostOf(String header) {
        if (header == null) return null;
        String h = header.trim();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) return null;
            String literal = h.substring(0, end + 1);
            return IPV6.matcher(literal).matches() && portOrNothing(h.substring(end + 1)) ? literal : null;
        }
        int colon = h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        return NAME.matcher(name).matches() && portOrNothing(colon < 0 ? "" : h.substring(colon)) ? name : null;
    }

    private static boolean portOrNothing(String rest) {
        return rest.isEmpty() || rest.matches(":[0-9]{1,5}");
    }
}
