package dev.parley.server.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.Hub;
import dev.parley.core.SessionSlot;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ClientMessage.Hello;
import dev.parley.protocol.Payload;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.server.socketio.ConnectRefused;
import dev.parley.server.socketio.SocketIoApp;
import dev.parley.server.socketio.SocketIoListener;
import dev.parley.server.socketio.SocketIoSocket;
import java.util.List;

/**
 * The application behind {@code /socket.io/}: every socket is a Parley session (no name; rooms
 * need none) whose events a {@link SeedSocket} translates, seed 000, 001 or 002 as the client's
 * first event shows. The Engine.IO layer counts its sessions per address and in total, so the
 * session here is opened uncounted. In token mode the client's token comes in socket.io 3/4's
 * {@code auth: {token}} or, for any client, as {@code ?token=} on the URL; a refused one is a
 * connect error with the reason.
 */
public final class SeedSocketIo implements SocketIoApp {
    private final Hub hub;

    public SeedSocketIo(Hub hub) {
        this.hub = hub;
    }

    @Override
    public Accepted connected(SocketIoSocket socket, Payload auth) throws ConnectRefused {
        var link = new Link(socket);
        DialectSession parley = DialectSession.open(hub, link, socket.remoteAddress(), socket.host(), SessionSlot.NONE);
        String id = parley.session().id();
        var seed = new SeedSocket(id, new Side(parley, socket), socket::emit);
        parley.send("hello", new Hello(null, token(socket, auth), null, null, false));
        ErrorReply refused = link.greet(seed);
        if (refused != null) {
            parley.close();
            throw new ConnectRefused(refused.code().wire() + ": " + refused.message());
        }
        seed.connected();
        return new Accepted(id, new Listener(parley, seed));
    }

    private static String token(SocketIoSocket socket, Payload auth) {
        if (auth != null) {
            JsonNode token = Json.tree(auth).get("token");
            if (token != null && token.isTextual()) return token.textValue();
        }
        List<String> query = socket.query().get("token");
        return query == null || query.isEmpty() ? null : query.get(0);
    }

    /** Where the session's frames go: to the seed's translation once greeted; the hello's answer is kept for {@link #greet}. */
    private static final class Link implements DialectSession.Link {
        private final SocketIoSocket socket;
        /** Null until greeted; set on the socket's executor, read by deliveries on any thread. */
        private volatile SeedSocket seed;
        /** The hello's refusal, if any: it is answered while the hello is handled, on the socket's executor. */
        private volatile ErrorReply refused;

        Link(SocketIoSocket socket) {
            this.socket = socket;
        }

        /** Starts translating; returns why the hello was refused, or null. */
        ErrorReply greet(SeedSocket seed) {
            this.seed = seed;
            return refused;
        }

        @Override
        public void deliver(ServerFrame frame) {
            SeedSocket s = seed;
            if (s != null) s.deliver(frame);
            else if (frame.message() instanceof ErrorReply e) refused = e;
        }

        @Override
        public void close(DialectSession.Closing how, String reason) {
            if (seed != null) socket.emit("parley-error", List.of(Json.object("code", how.name().toLowerCase(java.util.Locale.ROOT), "message", reason)));
            socket.disconnect();
        }
    }

    /** The seed translation's way into the session, on the socket's executor. */
    private record Side(DialectSession parley, SocketIoSocket socket) implements ParleySide {
        @Override
        public void send(String ref, ClientMessage message) {
            parley.send(ref, message);
        }

        @Override
        public void refuse(ProtocolException e) {
            parley.reject(e);
        }

        @Override
        public boolean spend() {
            return parley.spend();
        }

        @Override
        public void sendLater(String ref, ClientMessage message) {
            socket.execute(() -> parley.send(ref, message));
        }
    }

    private record Listener(DialectSession parley, SeedSocket seed) implements SocketIoListener {
        @Override
        public void event(String name, List<Payload> args) {
            seed.event(name, args);
        }

        @Override
        public boolean ping() {
            return parley.ping();
        }

        @Override
        public void disconnected(boolean byClient) {
            parley.close(); // a socket.io client starts a new socket when it reconnects: nothing to resume
        }
    }
}
