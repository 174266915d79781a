package dev.parley.core;

import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rooms' seats, and delivery to the people in them: in this process's memory
 * ({@link LocalRoomSeats}), or in a store every node of a cluster shares. The core checks a
 * session's own view first (is it in the room, how many rooms); an implementation keeps the
 * shared truth and the order of events.
 *
 * <p>Order is the contract: each method is one step that no other step on the same room
 * interleaves with, and every member hears a room's messages in the order of those steps. So a
 * joiner gets {@code joined} before anything relayed after its seat was taken, and nothing relayed
 * in a room reaches a session after its {@code left}. The acting session is always on this node;
 * the others may be anywhere.
 */
public interface RoomSeats {
    /**
     * Seats {@code s} unless the room holds {@code capacity} members. On success, in the same step,
     * tells the others {@code joined} (the message {@code toOthers}) and calls {@code seated} with
     * the members already there, in join order; the core replies {@code joined} from it. Returns
     * false, changing nothing, if the room is full.
     */
    boolean join(Session s, String room, int capacity, ServerMessage toOthers, Consumer<List<Peer>> seated);

    /**
     * Frees the seat of {@code s}, tells the others {@code toOthers} ({@code peer-left}), and runs
     * {@code left} (the reply, or nothing) in the same step.
     */
    void leave(Session s, String room, ServerMessage toOthers, Runnable left);

    /** Sends {@code message} to every member but {@code from}. */
    void sendToOthers(Session from, String room, ServerMessage message);

    /** Sends {@code message} to the member {@code to}; false if no other member has that id. */
    boolean sendTo(Session from, String room, String to, ServerMessage message);

    /** Rooms that have someone in them now (in a cluster: as far as this node can tell cheaply). */
    int count();
}
