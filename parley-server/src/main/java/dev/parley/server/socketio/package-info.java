/**
 * Socket.IO at {@code /socket.io/} on Parley's own HTTP and HTTPS listeners, for the clients of
 * socket.io-based signaling servers: Engine.IO 3 with Socket.IO protocol 4 (socket.io 1.x/2.x
 * clients, socket.io-client-java 1.x) and Engine.IO 4 with protocol 5 (socket.io 3.x/4.x,
 * socket.io-client-java 2.x), over HTTP long-polling with the upgrade to WebSocket, or WebSocket alone.
 *
 * <h2>Why a layer of Parley's own</h2>
 * netty-socketio (the one maintained Java server that speaks both revisions) is built against Netty
 * 4.1 while Parley runs 4.2, brings a server bootstrap of its own, and its maintenance is doubtful.
 * More to the point, Parley's guards must hold for every packet of every client: sessions per
 * address and in total, request clocks, the origin rule, the outbound limit, the message budget.
 * Engine.IO and the default namespace of Socket.IO are small protocols (see
 * github.com/socketio/engine.io-protocol and socket.io-protocol); written here they are handlers
 * in the listeners' pipeline like Parley's own WebSocket, and those guards apply as they are.
 *
 * <h2>Shape</h2>
 * {@link dev.parley.server.socketio.SocketIoServer} holds the sessions and is shared by both
 * listeners; each listener's pipeline gets a {@code PostAggregator} (POSTs to the endpoint may carry
 * a frame's worth, 64 KiB; every other request keeps the listener's 8 KiB) and an
 * {@code EngineHttpHandler} (scripts, CORS, handshakes, polls, WebSocket upgrades). An
 * {@code EngineSession} is one Engine.IO session: it outlives connections, so it has an executor of
 * its own (the handshake's event loop, or a session thread in a cluster) and everything it does
 * runs there; {@code MainNamespace} is its Socket.IO layer, {@code SessionTransport} where its
 * packets go, {@code Upgrade} the polling-to-WebSocket probe. The application behind it
 * ({@link dev.parley.server.socketio.SocketIoApp}) sees sockets on {@code "/"} and their events.
 *
 * <h2>Not supported, refused with a clear error</h2>
 * Namespaces other than {@code "/"} (CONNECT_ERROR "Invalid namespace", as socket.io answers an
 * unknown one), binary packets and binary events (the session ends), JSONP polling (400),
 * acknowledgements asked of the server (ignored: the event is still delivered).
 */
package dev.parley.server.socketio;
