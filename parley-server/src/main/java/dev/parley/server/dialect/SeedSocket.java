package dev.parley.server.dialect;

import dev.parley.protocol.Payload;
import dev.parley.protocol.ServerFrame;
import java.util.List;

/**
 * One socket.io client of any seed: its first event shows which seed's client it is (001's have
 * names of their own; 000 and 002 share {@code join}, {@code leave}, {@code message} and differ
 * in shape, which {@link SeedRooms} tells apart), and from then on that translation is used both ways.
 *
 * <p>Threading: {@link #event} on the client's executor; {@link #deliver} on any thread.
 */
final class SeedSocket {
    private final SeedRooms rooms;
    private final Seed001Rooms seed001;
    /** Whether the client spoke seed 001's events first; set once on the client's executor, read by deliveries. */
    private volatile boolean speaks001;

    SeedSocket(String self, ParleySide parley, SeedRooms.Emitter client) {
        rooms = new SeedRooms(self, parley, client);
        seed001 = new Seed001Rooms(self, parley, client);
    }

    /** The client has connected: seed 001's client waits for its id; the others ignore the event. */
    void connected() {
        seed001.connected();
    }

    void event(String name, List<Payload> args) {
        if (Seed001Rooms.handles(name)) {
            speaks001 = true;
            seed001.event(name, args);
        } else {
            rooms.event(name, args);
        }
    }

    void deliver(ServerFrame frame) {
        if (speaks001) seed001.deliver(frame);
        else rooms.deliver(frame);
    }
}
