package dev.parley.server.socketio;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.SocketAddress;

/** What a listener lends the endpoint: its guards, applied to Engine.IO sessions as to Parley's WebSocket sessions. */
public interface Edge {
    /**
     * Counts a new session from {@code address} against the sessions per address and in total.
     * Returns why it may not have one (nothing counted), or null: then {@link #release} follows once.
     */
    String admit(InetAddress address);

    void release(InetAddress address);

    /** Whether a page of this origin may use the endpoint (its own origins and {@code --allowed-origin}); null (no browser) may. */
    boolean originAllowed(String origin, SocketAddress local);

    /** The host of a Host header if it is one of this server's own names, else null. */
    String ownHost(String hostHeader, SocketAddress local);

    /** The connection is now a WebSocket: counted among them (told to reconnect at shutdown), its HTTP-only handlers gone. */
    void becameWebSocket(Channel channel);
}
