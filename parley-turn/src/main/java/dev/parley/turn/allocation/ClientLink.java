package dev.parley.turn.allocation;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

/**
 * The way back to one client: a UDP listener and the client's address, or a TCP/TLS connection.
 * Everything about the client's allocation runs on {@link #eventLoop()}, so its state needs no lock.
 */
public interface ClientLink {
    FiveTuple tuple();

    /** Sends one STUN or ChannelData message; takes ownership of the buffer. */
    void send(ByteBuf message);

    /** Whether this is a stream (TCP/TLS), where ChannelData must be padded to four bytes. */
    default boolean stream() {
        return tuple().transport() != FiveTuple.Transport.UDP;
    }

    EventLoop eventLoop();

    /**
     * The allocation on this link, for a link that keeps track of it (the UDP and TCP/TLS links do, so
     * a ChannelData costs no lookup by 5-tuple); null means look it up in {@link Allocations}.
     */
    default Allocation allocation() {
        return null;
    }

    /** Told, on the event loop, when an allocation on this link is made. */
    default void allocated(Allocation allocation) {}

    /** Told, on the event loop, when that allocation closes. */
    default void released(Allocation allocation) {}
}
