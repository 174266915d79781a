package dev.parley.client.webrtc;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.parley.client.rtc.RtcDataChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RtcDataChannel} on webrtc-java's {@code RTCDataChannel}.
 *
 * <p>Events that come before the first {@link #observe} are kept (up to a bound) and replayed to it:
 * a channel the other side opens may carry messages before the call layer, on its own thread, has
 * set its observer. webrtc-java 0.14 never reports the send queue going down, so it is polled while
 * not empty.
 */
public final class WebRtcDataChannel implements RtcDataChannel {
    private static final Logger log = LoggerFactory.getLogger(WebRtcDataChannel.class);
    /** libwebrtc closes a channel whose send queue would pass 16 MiB; refusing the message is kinder. */
    static final long MAX_BUFFERED = 16L << 20;
    private static final int BACKLOG_EVENTS = 4096;
    private static final long BACKLOG_BYTES = 32L << 20;
    private static final long POLL_MILLIS = 5;

    private final RTCDataChannel channel;
    private final String label;
    private final ScheduledExecutorService timer;
    private volatile State state;
    /** After the peer closes: events are dropped, native calls are no longer made. */
    private volatile boolean muted;
    private volatile boolean released;

    private final Object lock = new Object();
    // guarded by lock
    private Observer observer;
    private final ArrayDeque<Consumer<Observer>> backlog = new ArrayDeque<>();
    private long backlogBytes;
    private boolean polling;
    private boolean sentSinceReport;
    private long lastAmount;

    WebRtcDataChannel(RTCDataChannel channel, ScheduledExecutorService timer) {
        this.channel = channel;
        this.timer = timer;
        this.label = channel.getLabel();
        this.state = map(channel.getState());
        channel.registerObserver(new NativeObserver());
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8), false);
    }

    @Override
    public void send(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        send(copy, true);
    }

    private void send(byte[] bytes, boolean binary) {
        if (state != State.OPEN || muted) throw new IllegalStateException("data channel " + label + " is " + state);
        if (bufferedAmount() + bytes.length > MAX_BUFFERED) {
            throw new IllegalStateException("data channel " + label + ": send queue full");
        }
        try {
            // A heap buffer whose array is exactly the message: webrtc-java sends the whole array.
            channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(bytes), binary));
        } catch (Exception e) {
            throw new IllegalStateException("data channel " + label + ": " + e.getMessage(), e);
        }
        synchronized (lock) {
            sentSinceReport = true;
        }
        pollSoon();
    }

    @Override
    public long bufferedAmount() {
        if (released || muted) return 0;
        try {
            return channel.getBufferedAmount();
        } catch (RuntimeException | Error e) {
            return 0; // released meanwhile
        }
    }

    @Override
    public void close() {
        if (released || muted) return;
        try {
            channel.close();
        } catch (RuntimeException | Error e) {
            log.debug("closing data channel {}", label, e);
        }
    }

    @Override
    public void observe(Observer next) {
        Objects.requireNonNull(next, "observer");
        synchronized (lock) {
            observer = next;
            // Replayed under the lock, so that a native event cannot overtake the backlog.
            while (!backlog.isEmpty()) {
                Consumer<Observer> event = backlog.poll();
                Threads.callback("data channel observer", () -> event.accept(next));
            }
            backlogBytes = 0;
        }
    }

    private void emit(Consumer<Observer> event, long bytes) {
        if (muted) return;
        Observer current;
        synchronized (lock) {
            current = observer;
            if (current == null) {
                if (backlog.size() >= BACKLOG_EVENTS || backlogBytes + bytes > BACKLOG_BYTES) {
                    log.warn("data channel {}: nobody observes it and {} events wait; dropping", label, backlog.size());
                    return;
                }
                backlog.add(event);
                backlogBytes += bytes;
                return;
            }
        }
        Threads.callback("data channel observer", () -> event.accept(current));
    }

    private void pollSoon() {
        synchronized (lock) {
            if (polling || released) return;
            polling = true;
        }
        try {
            timer.schedule(this::poll, POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                polling = false;
            }
        }
    }

    private void poll() {
        long amount = bufferedAmount();
        boolean report;
        synchronized (lock) {
            polling = false;
            report = sentSinceReport || amount < lastAmount;
            sentSinceReport = false;
            lastAmount = amount;
        }
        if (report) emit(o -> o.onBufferedAmountChange(amount), 0);
        if (amount > 0 && !released && !muted) pollSoon();
    }

    /** Before the peer connection closes: nothing more is delivered. */
    void mute() {
        muted = true;
    }

    /** After the peer connection has closed: drops the native reference (once). */
    void release() {
        synchronized (lock) {
            if (released) return;
            released = true;
        }
        muted = true;
        state = State.CLOSED;
        try {
            channel.unregisterObserver();
        } catch (RuntimeException | Error e) {
            log.trace("unregistering from data channel {}", label, e);
        }
        Closing.dispose(channel);
    }

    private static State map(dev.onvoid.webrtc.RTCDataChannelState s) {
        return s == null ? State.CLOSED : State.valueOf(s.name());
    }

    @Override
    public String toString() {
        return "WebRtcDataChannel[" + label + ", " + state + "]";
    }

    /** Called on webrtc's signaling thread. */
    private final class NativeObserver implements RTCDataChannelObserver {
        @Override
        public void onBufferedAmountChange(long previousAmount) {
            Threads.callback("data channel buffered amount", WebRtcDataChannel.this::pollSoon);
        }

        @Override
        public void onStateChange() {
            Threads.callback("data channel state", () -> {
                if (muted) return;
                State s = map(channel.getState());
                state = s;
                emit(o -> o.onStateChange(s), 0);
            });
        }

        @Override
        public void onMessage(RTCDataChannelBuffer buffer) {
            Threads.callback("data channel message", () -> {
                // The buffer is native memory, valid only during this call: copy it out.
                ByteBuffer data = buffer.data;
                byte[] bytes = new byte[data.remaining()];
                data.duplicate().get(bytes);
                if (buffer.binary) emit(o -> o.onBinary(ByteBuffer.wrap(bytes)), bytes.length);
                else emit(o -> o.onText(new String(bytes, StandardCharsets.UTF_8)), bytes.length);
            });
        }
    }
}
