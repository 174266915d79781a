package dev.parley.server.dialect;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ProtocolException;

/**
 * The Parley session a dialect client is translated into. {@link #send}, {@link #refuse} and
 * {@link #spend} run on the client's own executor, one at a time; {@link #sendLater} is for a
 * translation of something Parley delivered (which must not call into the hub: deliveries come
 * under its locks) and runs the message on that executor afterwards.
 */
interface ParleySide {
    /** Hands a translated request to the hub; its reply comes back with {@code ref}. */
    void send(String ref, ClientMessage message);

    /** A request Parley's protocol cannot carry: counted against the budget and answered with an error. */
    void refuse(ProtocolException e);

    /** Spends one message of the budget for an event that needs nothing from Parley; false past it. */
    boolean spend();

    /** As {@link #send}, from a delivery: queued to run on the client's executor. */
    void sendLater(String ref, ClientMessage message);
}
