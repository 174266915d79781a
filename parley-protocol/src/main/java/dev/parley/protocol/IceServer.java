package dev.parley.protocol;

import java.util.List;

/** One entry of {@code RTCConfiguration.iceServers}, in the browser's own shape. */
public record IceServer(List<String> urls, String username, String credential) {
    public IceServer {
        urls = List.copyOf(urls);
    }

    public static IceServer of(String url) {
        return new IceServer(List.of(url), null, null);
    }
}
