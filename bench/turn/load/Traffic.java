import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the load over its flows. Paced: one pacing thread sends each flow {@code rate} packets/s in
 * per-millisecond batches. Windowed (closed loop): each flow keeps {@code window} packets in flight,
 * a new one sent as an answer comes, or when one goes unanswered for the loss timeout. One receiving
 * thread reads every flow through one selector (and sends too in windowed mode).
 *
 * <p>Timeline: warm-up from t0, then the measured window [ws, we) of sending; afterwards a drain until
 * every measured packet is answered or lost (at most the loss timeout, 1 s). A packet is measured when
 * its send time falls in [ws, we); its answer counts whenever it comes within the drain.
 */
final class Traffic implements Flow.Receiver {
    private static final long MS = 1_000_000L;

    record Result(long sent, long received, long late, long duplicates, long rejected, long wrongMapped,
            long sendErrors, long skipped, long readErrors, Tally rtt, long windowStart, long sendEnd, long windowEnd) {}

    private final List<Flow> flows;
    private final long rate;
    private final int window;
    private final long timeout;
    private final long t0, ws, we, hardStop, maxSeq;
    private final Selector selector;

    // Owned by the receiving thread; read by the main thread after joining it.
    private final Tally rtt = new Tally();
    private final Codec.Decoded decoded = new Codec.Decoded();
    private long received, late, duplicates, rejected, wrongMapped, readErrors, outstanding, end;
    private boolean sending = true;
    // Owned by the sending thread (the pacer, or the receiver in windowed mode); read after joining it.
    private long sent, sendErrors, skipped;

    private volatile long expected = Long.MAX_VALUE, drainUntil = Long.MAX_VALUE;
    private volatile Throwable failure;

    /**
     * {@code origin}: the time Binding codecs count µs from; t0 (and so every send stamp) falls on whole
     * µs after it.
     */
    Traffic(List<Flow> flows, long origin, long rate, int window, double warmupSeconds, double seconds,
            long timeoutMs) throws IOException {
        this.flows = flows;
        this.rate = rate;
        this.window = window;
        this.timeout = timeoutMs * MS;
        long start = System.nanoTime() + 20 * MS;
        t0 = start - Math.floorMod(start - origin, 1000L);
        ws = t0 + (long) (warmupSeconds * 1e9);
        we = ws + (long) (seconds * 1e9);
        hardStop = we + timeout + 2_000 * MS;
        maxSeq = rate > 0 ? (long) ((warmupSeconds + seconds + 1) * rate) + 1000 : Long.MAX_VALUE;
        selector = Selector.open();
        for (Flow f : flows) {
            f.channel.register(selector, SelectionKey.OP_READ, f);
            if (window > 0) {
                f.slotSeq = new long[window];
                f.slotSent = new long[window];
                java.util.Arrays.fill(f.slotSeq, -1);
            }
        }
    }

    /** Runs the whole timeline; {@code atWindowStart} runs on this thread when the window opens. */
    Result run(Runnable atWindowStart) throws LoadFailure, InterruptedException {
        Thread receiver = Thread.ofPlatform().name("receiver").start(guard(window > 0 ? this::closedLoop : this::receive));
        Thread pacer = rate > 0 ? Thread.ofPlatform().name("pacer").start(guard(this::pace)) : null;
        try {
            sleepUntil(ws);
            atWindowStart.run();
            if (pacer != null) {
                joinUntil(pacer, we + 2_000 * MS);
                if (pacer.isAlive()) throw new LoadFailure("the pacing thread did not stop at the window's end");
                long drainStart = System.nanoTime();
                expected = sent; // visible: the pacer has ended
                drainUntil = drainStart + Math.min(timeout, 1_000 * MS);
            }
            joinUntil(receiver, hardStop + 1_000 * MS);
            if (receiver.isAlive()) throw new LoadFailure("the receiving thread did not stop");
            if (failure != null) throw new LoadFailure("load thread failed: " + failure);
            long sendEnd = pacer != null ? we : Math.min(we, end);
            return new Result(sent, received, late, duplicates, rejected, wrongMapped, sendErrors, skipped, readErrors,
                    rtt, ws, sendEnd, end);
        } finally {
            if (pacer != null) pacer.interrupt();
            receiver.interrupt();
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing left to free
            }
        }
    }

    private Runnable guard(ThrowingRunnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure = t;
            }
        };
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Paced mode's sender: every millisecond each flow gets the packets its rate owes it (capped). */
    private void pace() {
        // A pacer that falls behind (descheduled on a busy machine) catches up at most 20 ms worth of
        // packets and skips the rest, so the offered rate never exceeds the asked one.
        long perMs = Math.max(1, rate / 1000), cap = 20 * perMs, issued = 0;
        long ticks = (we - t0) / MS + 10;
        sleepUntil(t0);
        for (long tick = 0; tick < ticks; tick++) {
            long now = System.nanoTime();
            if (now >= we) break;
            for (Flow f : flows) f.flush();
            long due = (now - t0) * rate / 1_000_000_000L + 1;
            if (due - issued > cap) {
                skipped += (due - issued - cap) * flows.size();
                issued = due - cap;
            }
            long batch = due - issued;
            for (long k = 0; k < batch; k++) {
                long seq = issued + k;
                for (Flow f : flows) {
                    long t = stamp();
                    boolean ok = f.send(seq, t);
                    if (t >= ws && t < we) {
                        sent++;
                        if (!ok) sendErrors++;
                    }
                }
            }
            issued += Math.max(0, batch);
            LockSupport.parkNanos(t0 + (tick + 1) * MS - System.nanoTime());
            if (Thread.interrupted()) return;
        }
    }

    /** Paced mode's receiver: reads until every measured packet is answered or the drain ends. */
    private void receive() throws IOException {
        for (long n = 0; n < Long.MAX_VALUE; n++) {
            long now = System.nanoTime();
            if (received >= expected || now >= drainUntil || now >= hardStop || Thread.interrupted()) break;
            readReady(2);
        }
        end = System.nanoTime();
    }

    /** Windowed mode: the receiver also sends, one packet per answer or timeout, until the window ends. */
    private void closedLoop() throws IOException {
        sleepUntil(t0);
        for (Flow f : flows) for (int s = 0; s < window; s++) sendInto(f, s);
        long lastSweep = System.nanoTime();
        for (long n = 0; n < Long.MAX_VALUE; n++) {
            long now = System.nanoTime();
            if (sending && now >= we) sending = false;
            if (!sending && (outstanding == 0 || now >= we + timeout)) break;
            if (now >= hardStop || Thread.interrupted()) break;
            readReady(1);
            if (now - lastSweep >= 10 * MS) {
                sweep(now);
                lastSweep = now;
            }
        }
        end = System.nanoTime();
    }

    private void readReady(long timeoutMs) throws IOException {
        if (selector.select(timeoutMs) == 0) return;
        for (SelectionKey key : selector.selectedKeys()) {
            readErrors += ((Flow) key.attachment()).receive(this, 64);
        }
        selector.selectedKeys().clear();
    }

    private void sendInto(Flow f, int slot) {
        long t = stamp(), seq = f.nextSeq++;
        boolean ok = f.send(seq, t);
        f.slotSeq[slot] = seq;
        f.slotSent[slot] = t;
        outstanding++;
        if (t >= ws && t < we) {
            sent++;
            if (!ok) sendErrors++;
        }
    }

    /** Frees the slots of packets unanswered for the timeout (they count as lost) and refills them. */
    private void sweep(long now) {
        for (Flow f : flows) {
            f.flush();
            for (int s = 0; s < window; s++) {
                if (f.slotSeq[s] >= 0 && now - f.slotSent[s] > timeout) {
                    f.slotSeq[s] = -1;
                    outstanding--;
                    if (sending) sendInto(f, s);
                }
            }
        }
    }

    @Override
    public void answer(Flow f, ByteBuffer packet, long now) {
        int verdict = f.codec.decode(packet, f.id, decoded);
        if (verdict == Codec.WRONG_MAPPED_ADDRESS) wrongMapped++;
        if (verdict != Codec.OK) {
            rejected++;
            return;
        }
        long seq = decoded.seq;
        if (window > 0) {
            int slot = -1;
            for (int s = 0; s < window && slot < 0; s++) if (f.slotSeq[s] == seq) slot = s;
            if (slot < 0) { // answered after it timed out (or twice)
                late++;
                return;
            }
            long t = f.slotSent[slot];
            f.slotSeq[slot] = -1;
            outstanding--;
            if (t >= ws && t < we) {
                received++;
                rtt.record((now - t) / 1000);
            }
            if (sending) sendInto(f, slot);
            return;
        }
        if (seq < 0 || seq > maxSeq) {
            rejected++;
        } else if (f.answered.get((int) seq)) {
            duplicates++;
        } else {
            f.answered.set((int) seq);
            if (decoded.nanos >= ws && decoded.nanos < we) {
                received++;
                rtt.record((now - decoded.nanos) / 1000);
            }
        }
    }

    /** Now, cut to whole µs since t0, so Binding requests (which carry µs) classify as they were sent. */
    private long stamp() {
        long t = System.nanoTime();
        return t - Math.floorMod(t - t0, 1000L);
    }

    private static void sleepUntil(long deadline) {
        for (int n = 0; n < 100_000; n++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            LockSupport.parkNanos(left);
        }
    }

    private static void joinUntil(Thread t, long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left > 0) t.join(java.time.Duration.ofNanos(left));
    }
}
