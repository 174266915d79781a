package dev.parley.server.net;

import dev.parley.server.socketio.Edge;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.SocketAddress;

/** The listener's guards as the Socket.IO endpoint uses them: the same session counts, origin rule and own names as Parley's WebSocket. */
final class SocketIoEdge implements Edge {
    private final Connections connections;
    private final ConnectionGuards guards;
    private final OriginCheck origins;
    private final OwnNames names;

    SocketIoEdge(Connections connections, ConnectionGuards guards, OriginCheck origins, OwnNames names) {
        this.connections = connections;
        this.guards = guards;
        this.origins = origins;
        this.names = names;
    }

    @Override
    public String admit(InetAddress address) {
        return connections.admit(address, guards.maxSessionsPerAddress(), guards.maxSessions());
    }

    @Override
    public void release(InetAddress address) {
        connections.release(address);
    }

    @Override
    public boolean originAllowed(String origin, SocketAddress local) {
        return origins.permitted(origin, local);
    }

    @Override
    public String ownHost(String hostHeader, SocketAddress local) {
        return names.ownOrNull(HostHeader.hostOf(hostHeader), local);
    }

    @Override
    public void becameWebSocket(Channel channel) {
        connections.upgraded(channel);
        for (String name : SignalingChannelInitializer.HTTP_ONLY) {
            if (channel.pipeline().get(name) != null) channel.pipeline().remove(name);
        }
    }
}
