package dev.parley.client.call;

import dev.parley.client.EventLoop;
import dev.parley.client.rtc.RtcDataChannel;
import java.nio.ByteBuffer;

/** A data channel's callbacks (on the engine's threads), handed to the call's loop. */
abstract class LoopChannelObserver implements RtcDataChannel.Observer {
    private final EventLoop loop;

    LoopChannelObserver(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public final void onStateChange(RtcDataChannel.State state) {
        loop.execute(() -> stateOnLoop(state));
    }

    @Override
    public final void onText(String text) {
        loop.execute(() -> textOnLoop(text));
    }

    @Override
    public final void onBinary(ByteBuffer data) {
        loop.execute(() -> binaryOnLoop(data));
    }

    @Override
    public final void onBufferedAmountChange(long bufferedAmount) {
        loop.execute(() -> drainedOnLoop(bufferedAmount));
    }

    void stateOnLoop(RtcDataChannel.State state) {}

    void textOnLoop(String text) {}

    void binaryOnLoop(ByteBuffer data) {}

    void drainedOnLoop(long bufferedAmount) {}
}
