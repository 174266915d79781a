package dev.parley.client.rtc;

import java.nio.ByteBuffer;

/** A data channel, as the W3C's {@code RTCDataChannel}. */
public interface RtcDataChannel {
    String label();

    State state();

    /** Queues a text message; the channel must be open. */
    void send(String text);

    /** Queues a binary message (its remaining bytes); the channel must be open. */
    void send(ByteBuffer data);

    /** Bytes queued and not yet handed to the network. */
    long bufferedAmount();

    void close();

    /** Replaces the observer; events before the first one is set may be lost. */
    void observe(Observer observer);

    enum State {
        CONNECTING,
        OPEN,
        CLOSING,
        CLOSED
    }

    /** Called on any thread. */
    interface Observer {
        void onStateChange(State state);

        void onText(String text);

        /** A binary message; the buffer is the receiver's to keep. */
        void onBinary(ByteBuffer data);

        /** The queue went down (the W3C's {@code bufferedamountlow}, for every decrease). */
        default void onBufferedAmountChange(long bufferedAmount) {}
    }
}
