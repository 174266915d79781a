package dev.parley.turn.io;

import io.netty.channel.Channel;

/**
 * Writes to one channel now and flushes them once, after the event loop has handled the round of
 * reads that produced them: the packets a round relays to one socket then leave in one
 * {@code sendmmsg} (epoll) instead of a {@code sendto} each. The flush runs as a task, and Netty
 * runs tasks after each round of I/O. Confined to the channel's event loop.
 */
public final class RoundFlush implements Runnable {
    private final Channel channel;
    /** Whether a flush is queued on the event loop. */
    private boolean queued;

    public RoundFlush(Channel channel) {
        this.channel = channel;
    }

    public Channel channel() {
        return channel;
    }

    /** Writes {@code message} (taking ownership) to go out with this round's flush. Call on the channel's event loop. */
    public void write(Object message) {
        if (!channel.eventLoop().inEventLoop()) { // a caller off the loop (tests) gets no batching, and no race on queued
            channel.writeAndFlush(message, channel.voidPromise());
            return;
        }
        channel.write(message, channel.voidPromise());
        if (!queued) {
            queued = true;
            channel.eventLoop().execute(this);
        }
    }

    /**
     * Whether the channel takes more: past its high-water mark, what this round queued is flushed
     * first, so a long round fills the kernel's buffer, not just Netty's, before anything is dropped.
     */
    public boolean writable() {
        if (channel.isWritable()) return true;
        channel.flush();
        return channel.isWritable();
    }

    @Override
    public void run() {
        queued = false;
        channel.flush();
    }
}
