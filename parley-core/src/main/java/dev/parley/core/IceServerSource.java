package dev.parley.core;

import dev.parley.protocol.IceServer;
import java.util.List;

/**
 * What a session is told in {@code welcome.iceServers}: fixed URLs, or TURN credentials minted for
 * that session. {@code host} is the name the client used to reach this server (its Host header),
 * or null; TURN URLs built from it work from wherever the client is.
 */
@FunctionalInterface
public interface IceServerSource {
    List<IceServer> forSession(String sessionId, String host);

    static IceServerSource fixed(List<IceServer> servers) {
        List<IceServer> copy = List.copyOf(servers);
        return (sessionId, host) -> copy;
    }

    /** These servers first, then the other source's. */
    default IceServerSource andThen(IceServerSource other) {
        return (sessionId, host) -> {
            var all = new java.util.ArrayList<>(forSession(sessionId, host));
            all.addAll(other.forSession(sessionId, host));
            return List.copyOf(all);
        };
    }
}
