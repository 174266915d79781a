package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ServerConfig;
import dev.parley.core.SignalingConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Direct calls before they are answered (seed 003): the ringtone and the caller's ringback, listened
 * to as sound; a missed call; busy. Chromium runs with its real desktop autoplay policy here (sound
 * only after the person interacted with the page), and calls ring for 6 s instead of 30.
 */
class IncomingCallTest {
    static final Duration RING_FOR = Duration.ofSeconds(6);

    @RegisterExtension
    static final Stage.Extension stage = Stage.extension(shortRings(), List.of("--autoplay-policy=document-user-activation-required"));

    private static ServerConfig shortRings() {
        ServerConfig config = ServerConfig.loopback(0);
        SignalingConfig d = config.signaling();
        return config.withSignaling(new SignalingConfig(d.roomCapacity(), d.maxRoomsPerSession(), RING_FOR, d.maxFrameBytes(),
                d.iceServers(), d.guards(), d.resume()));
    }

    /**
     * Listens to a tone of the app ('ringer' or 'ringback') where it leaves for the speakers, for
     * {@code ms}: the loudness every 40 ms, the strongest frequency while it sounds, how many separate
     * bursts, and the state of its audio context (suspended if the browser kept it silent).
     */
    private static final String LISTEN = """
            async ([which, ms]) => {
              const tone = window.parleyApp[which];
              if (!tone) return null;
              const ctx = tone.context;
              const analyser = ctx.createAnalyser();
              analyser.fftSize = 2048;
              tone.output.connect(analyser);
              const time = new Float32Array(analyser.fftSize), freq = new Float32Array(analyser.frequencyBinCount);
              const loudHz = [];
              let samples = 0, loud = 0, bursts = 0, was = false;
              for (const end = performance.now() + ms; performance.now() < end; samples++) {
                await new Promise(r => setTimeout(r, 40));
                analyser.getFloatTimeDomainData(time);
                const rms = Math.sqrt(time.reduce((a, x) => a + x * x, 0) / time.length);
                const on = rms > 0.01;
                if (on) {
                  loud++;
                  analyser.getFloatFrequencyData(freq);
                  let peak = 1;
                  for (let i = 1; i < freq.length; i++) if (freq[i] > freq[peak]) peak = i;
                  loudHz.push(peak * ctx.sampleRate / analyser.fftSize);
                }
                if (on && !was) bursts++;
                was = on;
              }
              tone.output.disconnect(analyser);
              loudHz.sort((a, b) => a - b);
              return { state: ctx.state, loudFraction: loud / samples, bursts, hz: loudHz[loudHz.length >> 1] ?? 0 };
            }""";

    /** Starts listening in the page; {@link #heard} collects the result. */
    private static void listen(Person p, String which, int ms) {
        p.page().evaluate("([which, ms]) => { window.heard = (" + LISTEN + ")([which, ms]); }", List.of(which, ms));
    }

    private static Map<String, Object> heard(Person p) {
        @SuppressWarnings("unchecked")
        Map<String, Object> heard = (Map<String, Object>) p.page().evaluate("() => window.heard");
        assertThat(heard).as(p.label + " heard a tone").isNotNull();
        return heard;
    }

    private static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    private Person online(String name) {
        Person p = stage.get().person(name);
        p.goOnline(name);
        return p;
    }

    @Test
    void bothSidesHearTheirToneWhileItRingsAndSilenceOnceAnswered() {
        Person alice = stage.get().person("alice");
        Person bob = stage.get().person("bob");
        Stage.ring(alice, bob);

        // Both listen at once, over a ringback cycle (the call rings for 6 s).
        listen(bob, "ringer", 4_500);
        listen(alice, "ringback", 4_500);

        // bob: two short 880 Hz beeps every 2 s, a quarter of the time sounding.
        Map<String, Object> ringtone = heard(bob);
        assertThat(ringtone.get("state")).as("the browser let it play; heard " + ringtone).isEqualTo("running");
        assertThat(num(ringtone, "hz")).isCloseTo(880, org.assertj.core.data.Offset.offset(30.0));
        assertThat(num(ringtone, "bursts")).as("two separate beeps a cycle").isGreaterThanOrEqualTo(4);
        assertThat(num(ringtone, "loudFraction")).isBetween(0.1, 0.5);
        assertThat(bob.page().title()).isEqualTo("alice is calling… – Parley");

        // alice: 425 Hz for one second in four.
        Map<String, Object> ringback = heard(alice);
        assertThat(ringback.get("state")).as("heard " + ringback).isEqualTo("running");
        assertThat(num(ringback, "hz")).isCloseTo(425, org.assertj.core.data.Offset.offset(30.0));
        assertThat(num(ringback, "bursts")).isGreaterThanOrEqualTo(1);
        assertThat(num(ringback, "loudFraction")).isBetween(0.1, 0.5);

        for (Person p : List.of(alice, bob)) p.page().evaluate("() => { window.tone = window.parleyApp.ringer ?? window.parleyApp.ringback; }");
        bob.page().click("#accept");
        alice.awaitConnectedWithVideo();
        bob.awaitConnectedWithVideo();
        for (Person p : List.of(alice, bob)) {
            p.waitFor("() => window.tone.context.state === 'closed' && !window.parleyApp.ringer && !window.parleyApp.ringback");
        }
        assertThat(bob.page().title()).isEqualTo("Parley");
    }

    @Test
    void anUnansweredCallBecomesAMissedCallAndStopsRinging() {
        Person alice = stage.get().person("alice");
        Person bob = stage.get().person("bob");
        Stage.ring(alice, bob);
        bob.page().evaluate("() => { window.tone = window.parleyApp.ringer; }");

        assertThat(bob.awaitNotice("Missed call")).isEqualTo("Missed call from alice.");
        assertThat(bob.page().isVisible("#incoming")).isFalse();
        bob.waitFor("() => window.tone.context.state === 'closed' && !window.parleyApp.ringer");
        assertThat(alice.awaitNotice("No answer")).isEqualTo("No answer.");
        alice.waitFor("() => !window.parleyApp.ringback");
        bob.screenshot("missed-call");

        // The caller giving up while it rings is a missed call too.
        alice.call("bob");
        bob.awaitIncomingCallFrom("alice");
        alice.page().click("#hangup");
        bob.waitFor("() => !document.getElementById('incoming').open && !window.parleyApp.ringer");
        assertThat(bob.awaitNotice("Missed call")).isEqualTo("Missed call from alice.");
    }

    @Test
    void callingSomeoneAlreadyInACallSaysTheyAreBusyAndLeavesTheirCallAlone() {
        Person alice = stage.get().person("alice");
        Person bob = stage.get().person("bob");
        Stage.ring(alice, bob);
        bob.page().click("#accept");
        bob.awaitConnectedWithVideo();

        Person carol = online("carol");
        carol.call("bob");
        assertThat(carol.awaitNotice("another call")).isEqualTo("bob is in another call. Try again later.");
        assertThat(carol.page().evaluate("() => window.parleyApp.ringback")).isNull();
        assertThat(bob.page().isVisible("#incoming")).as("bob is not disturbed").isFalse();
        bob.assertMediaFlowing();
        alice.assertMediaFlowing();
    }
}
