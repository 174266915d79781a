package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.Parley;
import dev.parley.client.call.CallEvent;
import dev.parley.client.call.FileTransfer;
import dev.parley.client.call.IncomingCall;
import dev.parley.client.call.MediaCall;
import dev.parley.client.webrtc.I420Frame;
import dev.parley.client.webrtc.SyntheticMedia;
import dev.parley.client.webrtc.WebRtc;
import dev.parley.client.webrtc.WebRtcMedia;
import dev.parley.client.webrtc.WebRtcRemoteTrack;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A Java program in a Parley call with real media: the Java SDK's session ({@link Parley}) on
 * webrtc-java, sending a moving test pattern and a 440 Hz tone, counting the frames it decodes and
 * the sound it hears, and keeping what arrives over the data channel.
 */
final class JavaPeer implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final int WIDTH = 320;
    static final int HEIGHT = 240;

    final WebRtc rtc = WebRtc.headless();
    final SyntheticMedia synthetic = rtc.synthetic(WIDTH, HEIGHT, 15);
    final WebRtcMedia media = rtc.media(synthetic.audio(), synthetic.video());
    final Parley parley;
    final AtomicLong framesDecoded = new AtomicLong();
    final AtomicReference<I420Frame> lastFrame = new AtomicReference<>();
    /** Sum of squared samples (full scale = 1) heard, and how many samples. */
    private final AtomicLong energyMillionths = new AtomicLong();
    final List<CallEvent> events = new CopyOnWriteArrayList<>();
    final List<IncomingCall> incoming = new CopyOnWriteArrayList<>();
    final List<FileTransfer> files = new CopyOnWriteArrayList<>();
    /** The session's own events (reconnecting, resumed, restored, ...). */
    final List<Object> sessionEvents = new CopyOnWriteArrayList<>();
    /** Confined to the session's loop: the tracks already watched. */
    private final java.util.Set<String> watched = new java.util.HashSet<>();

    JavaPeer(URI ws, String name) {
        this(ws, name, false);
    }

    /** @param relayOnly media only through the TURN relay */
    JavaPeer(URI ws, String name, boolean relayOnly) {
        parley = Parley.builder(ws).name(name).rtc(rtc).relayOnly(relayOnly).build();
        parley.on(Object.class, e -> {
            if (e instanceof dev.parley.client.ParleyEvent) sessionEvents.add(e);
        });
        parley.on(IncomingCall.class, incoming::add);
    }

    JavaPeer connect() {
        get(parley.connect());
        return this;
    }

    MediaCall joinCall(String room) {
        return watch(get(parley.joinCall(room, media)));
    }

    MediaCall call(String name) {
        return watch(get(parley.call(name, media)));
    }

    MediaCall accept(IncomingCall call) {
        return watch(get(call.accept(media)));
    }

    /** Records the call's events and starts counting the frames and sound of every remote track. */
    MediaCall watch(MediaCall call) {
        get(call.run(() -> {
            call.on(CallEvent.class, events::add);
            call.on(CallEvent.Remote.class, e -> e.tracks().forEach(this::listen));
            call.on(CallEvent.FileOffered.class, e -> files.add(e.transfer()));
            call.remoteTracks().forEach(this::listen);
        }));
        return call;
    }

    private void listen(dev.parley.client.rtc.RemoteTrack track) {
        if (!(track instanceof WebRtcRemoteTrack t) || !watched.add(t.id())) return;
        if (t.kind() == dev.parley.client.rtc.RemoteTrack.Kind.VIDEO) {
            t.onFrame(frame -> {
                framesDecoded.incrementAndGet();
                lastFrame.set(frame);
            });
        } else {
            t.onSamples((pcm, rate, channels, frames) -> {
                double sum = 0;
                for (int i = 0; i + 1 < pcm.length; i += 2) {
                    double s = (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8)) / 32768.0;
                    sum += s * s;
                }
                energyMillionths.addAndGet(Math.round(sum * 1_000_000));
            });
        }
    }

    double energy() {
        return energyMillionths.get() / 1e6;
    }

    /** Frames keep being decoded and sound keeps arriving, over {@code over}. */
    void assertReceiving(Duration over) {
        long frames = framesDecoded.get();
        double heard = energy();
        sleep(over);
        assertThat(framesDecoded.get() - frames).as("frames the Java side decoded in " + over).isGreaterThan(5);
        assertThat(energy() - heard).as("sound the Java side heard in " + over).isGreaterThan(0.0);
    }

    void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("Java side waited " + WAIT + " for " + what + "; events " + events);
            sleep(Duration.ofMillis(50));
        }
    }

    <T> T get(CompletableFuture<T> f) {
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("Java side: " + e, e);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Samples frames decoded and sound heard four times a second on a thread of its own, until stopped. */
    Timeline sample() {
        return new Timeline();
    }

    final class Timeline implements AutoCloseable {
        private final List<double[]> samples = new CopyOnWriteArrayList<>(); // {nanos, frames, energy}
        private final Thread thread = Thread.ofVirtual().start(this::run);
        private volatile boolean stopped;

        private void run() {
            for (int i = 0; i < 2_400 && !stopped; i++) { // ten minutes at most
                samples.add(new double[] {System.nanoTime(), framesDecoded.get(), energy()});
                sleep(Duration.ofMillis(250));
            }
        }

        /** Every window of this length saw frames decoded and sound heard. */
        void assertNeverStalled(Duration window) {
            close();
            assertThat(samples).hasSizeGreaterThan(8);
            for (int i = 0; i < samples.size(); i++) {
                double[] from = samples.get(i);
                for (int j = i + 1; j < samples.size(); j++) {
                    double[] to = samples.get(j);
                    if (to[0] - from[0] < window.toNanos()) continue;
                    assertThat(to[1]).as("Java side's frames grew in the window after sample " + i).isGreaterThan(from[1]);
                    assertThat(to[2]).as("Java side's sound grew in the window after sample " + i).isGreaterThan(from[2]);
                    break;
                }
            }
        }

        @Override
        public void close() {
            stopped = true;
            try {
                thread.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        parley.close();
        synthetic.close();
        rtc.close();
    }
}
