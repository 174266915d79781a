package dev.parley.server.socketio;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a session's packets go: the held GET of HTTP long-polling (packets wait in a buffer for the
 * next poll) or the WebSocket (each packet its own frame). What waits for one client is bounded in
 * bytes: what the application queued and the poll buffer count against one budget (the outbound
 * limit), and a WebSocket's unsent frames against the channel's write-buffer high-water mark (the
 * same limit); past either the client counts as not reading, as on Parley's own WebSocket.
 *
 * <p>Confined to the session's executor, except {@link #reserve}, which any thread may call.
 */
final class SessionTransport {
    /** How long a close frame may wait for a client that does not read before the socket is closed anyway. */
    static final long CLOSE_GRACE_MILLIS = 1_000;

    enum Kind { POLLING, WEBSOCKET }

    private final int version;
    private final long maxBytes;
    /** Bytes of packets queued and not yet handed to a connection; any thread adds, the executor subtracts. */
    private final AtomicLong pendingBytes = new AtomicLong();
    private Kind kind = Kind.POLLING;
    /** Packets waiting for the next poll (polling only). */
    private final ArrayDeque<String> buffer = new ArrayDeque<>();
    /** The held GET, or null. */
    private HttpReplies.Exchange poll;
    /** When the last poll was answered (nanoTime); the session's watchdog ends a client that stopped polling. */
    private long lastPollAnswered = System.nanoTime();
    /** The WebSocket, once the session is on one. */
    private Channel webSocket;

    SessionTransport(int version, long maxBytes) {
        this.version = version;
        this.maxBytes = maxBytes;
    }

    Kind kind() {
        return kind;
    }

    Channel webSocket() {
        return webSocket;
    }

    boolean pollHeld() {
        return poll != null;
    }

    long lastPollAnswered() {
        return lastPollAnswered;
    }

    /** Nothing waits for a poll. */
    boolean idle() {
        return buffer.isEmpty();
    }

    /** Gives back bytes {@link #reserve reserved} for a packet that will not be sent after all. */
    void unreserve(long bytes) {
        pendingBytes.addAndGet(-bytes);
    }

    /** Any thread: counts {@code bytes} about to be queued; false (nothing counted) if that would pass the limit. */
    boolean reserve(long bytes) {
        if (pendingBytes.addAndGet(bytes) <= maxBytes) return true;
        pendingBytes.addAndGet(-bytes);
        return false;
    }

    /** Hands a packet whose bytes were {@link #reserve reserved} to the transport; {@link #flush} sends it. */
    void push(String packet) {
        if (kind == Kind.POLLING) {
            buffer.add(packet);
        } else {
            pendingBytes.addAndGet(-utf8Length(packet));
            if (webSocket.isActive()) webSocket.write(new TextWebSocketFrame(packet));
        }
    }

    /** Sends what waits: to the held poll if there is one, or out of the WebSocket. False: the client is not reading. */
    boolean flush() {
        if (kind == Kind.POLLING) {
            if (poll != null && !buffer.isEmpty()) answerPoll();
            return true;
        }
        if (!webSocket.isActive()) return true; // the session learns of it from the channel
        webSocket.flush();
        return webSocket.isWritable();
    }

    /** Holds a GET until there is something to send; false if one is held already (overlapping polls). */
    boolean holdPoll(HttpReplies.Exchange x) {
        if (poll != null) return false;
        poll = x;
        if (!buffer.isEmpty()) answerPoll();
        return true;
    }

    /** Answers the held poll (if any) with this single packet, whatever waits in the buffer. */
    void releasePoll(String packet) {
        if (poll == null) return;
        HttpReplies.packets(poll, EnginePackets.encodePayload(version, List.of(packet)));
        poll = null;
        lastPollAnswered = System.nanoTime();
    }

    /** The held poll's connection closed before it was answered: forget it; true if it was held. */
    boolean pollGone(Channel channel) {
        if (poll == null || poll.channel() != channel) return false;
        poll = null;
        return true;
    }

    private void answerPoll() {
        List<String> packets = new ArrayList<>(buffer);
        buffer.clear();
        long bytes = 0;
        for (String p : packets) bytes += utf8Length(p);
        pendingBytes.addAndGet(-bytes);
        HttpReplies.packets(poll, EnginePackets.encodePayload(version, packets));
        poll = null;
        lastPollAnswered = System.nanoTime();
    }

    /** The session is on this WebSocket from now on: a held poll is released with a noop, and what waited goes out on it. */
    boolean useWebSocket(Channel channel) {
        releasePoll(String.valueOf(EnginePackets.NOOP));
        kind = Kind.WEBSOCKET;
        webSocket = channel;
        List<String> waiting = new ArrayList<>(buffer);
        buffer.clear();
        for (String p : waiting) push(p);
        return flush();
    }

    /**
     * Ends the transport: a held poll gets a close packet (a noop when the client closed the session
     * itself, as Engine.IO answers), the WebSocket a close frame with this status.
     */
    void close(boolean byClient, WebSocketCloseStatus status, String reason) {
        buffer.clear();
        pendingBytes.set(0);
        releasePoll(String.valueOf(byClient ? EnginePackets.NOOP : EnginePackets.CLOSE));
        if (webSocket != null) closeWebSocket(webSocket, status, reason);
    }

    /**
     * Sends a close frame, then shuts our side once it is out; a client that is not reading may never
     * take it, so the socket closes after a short grace anyway (as Parley's ChannelOutbox does).
     */
    static void closeWebSocket(Channel channel, WebSocketCloseStatus status, String reason) {
        if (!channel.isActive()) return;
        String r = reason.length() > 100 ? reason.substring(0, 100) : reason; // a close reason holds 123 bytes
        channel.writeAndFlush(new CloseWebSocketFrame(status, r)).addListener(f -> {
            if (f.isSuccess() && channel instanceof DuplexChannel duplex) duplex.shutdownOutput();
            else channel.close();
        });
        channel.eventLoop().schedule(() -> channel.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Writes one frame straight to a WebSocket that is not (yet) the session's transport: the probe's {@code 3probe}. */
    static void writeNow(Channel channel, String packet) {
        channel.writeAndFlush(new TextWebSocketFrame(packet)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    /** The UTF-8 size of {@code s}, which is what the outbound limit counts. */
    static long utf8Length(String s) {
        long n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) n += c < 0x800 || Character.isSurrogate(c) ? 1 : 2; // a surrogate pair: 4 bytes for 2 chars
        }
        return n;
    }
}
