package dev.parley.android;

import dev.parley.client.rtc.RtcDataChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.webrtc.DataChannel;

/**
 * A data channel over org.webrtc's. Its own observer is registered at once, so nothing is lost
 * between the channel's creation and the call layer's {@link #observe}.
 */
final class AndroidDataChannel implements RtcDataChannel {
    private final DataChannel channel;
    private final String label;

    /** Set by the call layer on any thread, read on libwebrtc's signaling thread. */
    private volatile Observer observer;

    /**
     * Once set, org.webrtc's object is not touched again. Calls from the call layer hold
     * {@code this} (so none overlaps the dispose); the observer's callbacks only read it, since
     * {@link #dispose} waits on the signaling thread they run on.
     */
    private volatile boolean disposed;

    AndroidDataChannel(DataChannel channel) {
        this.channel = channel;
        this.label = channel.label();
        channel.registerObserver(new Forwarder());
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public synchronized State state() {
        return disposed ? State.CLOSED : RtcTypes.channel(channel.state());
    }

    @Override
    public void send(String text) {
        send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), false);
    }

    @Override
    public void send(ByteBuffer data) {
        send(data.duplicate(), true); // org.webrtc copies the bytes out and moves the position
    }

    private synchronized void send(ByteBuffer data, boolean binary) {
        if (disposed) throw new IllegalStateException("data channel " + label + " is closed");
        // false when not open or when libwebrtc's send queue (16 MiB) is full
        if (!channel.send(new DataChannel.Buffer(data, binary))) {
            throw new IllegalStateException("data channel " + label + " refused the message (" + channel.state() + ")");
        }
    }

    @Override
    public synchronized long bufferedAmount() {
        return disposed ? 0 : channel.bufferedAmount();
    }

    @Override
    public synchronized void close() {
        if (!disposed) channel.close();
    }

    @Override
    public void observe(Observer observer) {
        this.observer = observer;
    }

    /** Frees org.webrtc's object; with its peer connection, which outlives no channel of its own. */
    synchronized void dispose() {
        if (disposed) return;
        disposed = true;
        channel.unregisterObserver(); // on the signaling thread, after any callback in progress
        channel.dispose();
    }

    /** On libwebrtc's signaling thread: translates and hands over, never blocking. */
    private final class Forwarder implements DataChannel.Observer {
        @Override
        public void onBufferedAmountChange(long previousAmount) {
            Observer o = observer;
            // org.webrtc says what the amount was; the port, like the W3C, what it is now.
            if (o != null && !disposed) o.onBufferedAmountChange(channel.bufferedAmount());
        }

        @Override
        public void onStateChange() {
            Observer o = observer;
            if (o != null && !disposed) o.onStateChange(RtcTypes.channel(channel.state()));
        }

        @Override
        public void onMessage(DataChannel.Buffer buffer) {
            // The buffer wraps native memory that is freed when this returns: copy it out first.
            byte[] bytes = new byte[buffer.data.remaining()];
            buffer.data.get(bytes);
            Observer o = observer;
            if (o == null) return;
            if (buffer.binary) o.onBinary(ByteBuffer.wrap(bytes));
            else o.onText(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
