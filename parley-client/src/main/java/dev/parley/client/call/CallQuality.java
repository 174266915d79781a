package dev.parley.client.call;

import dev.parley.client.EventLoop;
import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.client.rtc.RtcPeer;
import dev.parley.client.rtc.RtcStats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/** Reads a peer connection's statistics every second and reports a {@link QualitySample}. */
final class CallQuality {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** Samples kept for a chart: two minutes. */
    static final int HISTORY = 120;

    private final EventLoop loop;
    private final RtcPeer pc;
    private final Consumer<QualitySample> sink;
    // Confined to the loop.
    private final ArrayDeque<QualitySample> history = new ArrayDeque<>();
    private RtcStats last;
    private boolean stopped;
    private EventLoop.Cancellable timer = EventLoop.Cancellable.NONE;

    CallQuality(EventLoop loop, RtcPeer pc, Consumer<QualitySample> sink) {
        this.loop = loop;
        this.pc = pc;
        this.sink = sink;
        schedule();
    }

    List<QualitySample> history() {
        return List.copyOf(history);
    }

    void stop() {
        stopped = true;
        timer.cancel();
    }

    private void schedule() {
        if (!stopped) timer = loop.schedule(INTERVAL, this::read);
    }

    private void read() {
        if (stopped || pc.connectionState() == PeerConnectionState.CLOSED) return;
        pc.stats().whenCompleteAsync((now, e) -> {
            if (stopped) return;
            if (e == null && now != null) {
                if (last != null) {
                    var sample = QualitySample.between(last, now, System.currentTimeMillis());
                    history.add(sample);
                    if (history.size() > HISTORY) history.poll();
                    sink.accept(sample);
                }
                last = now;
            }
            schedule();
        }, loop);
    }
}
