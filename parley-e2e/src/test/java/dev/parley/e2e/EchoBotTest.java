package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.webrtc.echo.EchoBot;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The echo test as a person meets it: "Test your camera and microphone" on the home page joins the
 * bot `parley echo` runs, and the page gets its own camera and microphone back.
 */
@Tag("java-media")
class EchoBotTest {
    @RegisterExtension
    static final Stage.Extension stage = Stage.extension();
    private EchoBot bot;

    @AfterEach
    void stopBot() {
        if (bot != null) bot.close();
    }

    private EchoBot startBot() throws Exception {
        URI ws = URI.create("ws://127.0.0.1:" + stage.get().server.httpPort() + "/ws");
        return EchoBot.start(new EchoBot.Options(ws, "echo", "echo", null, false)).get(20, TimeUnit.SECONDS);
    }

    /**
     * How alike the page's own camera and what comes back are: the Pearson correlation of their
     * luminance on a 32×24 grid (1: the same picture), the best of a few looks (the echo lags a little).
     */
    private static double likeness(Person p) {
        return ((Number) p.page().evaluate("""
                async () => {
                  const grid = id => {
                    const c = document.createElement('canvas');
                    c.width = 32; c.height = 24;
                    const g = c.getContext('2d');
                    g.drawImage(document.getElementById(id), 0, 0, c.width, c.height);
                    const d = g.getImageData(0, 0, c.width, c.height).data, out = [];
                    for (let i = 0; i < d.length; i += 4) out.push(0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2]);
                    return out;
                  };
                  const correlation = (a, b) => {
                    const mean = x => x.reduce((s, v) => s + v, 0) / x.length;
                    const ma = mean(a), mb = mean(b);
                    let ab = 0, aa = 0, bb = 0;
                    for (let i = 0; i < a.length; i++) { ab += (a[i] - ma) * (b[i] - mb); aa += (a[i] - ma) ** 2; bb += (b[i] - mb) ** 2; }
                    return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
                  };
                  let best = -1;
                  for (let i = 0; i < 10; i++) {
                    best = Math.max(best, correlation(grid('local'), grid('remote')));
                    await new Promise(r => setTimeout(r, 100));
                  }
                  return best;
                }""")).doubleValue();
    }

    @Test
    void theEchoTestSendsAPersonTheirOwnCameraAndSoundBack() throws Exception {
        bot = startBot();
        Person alice = stage.get().person("alice");
        alice.page().click("#echo-test");
        alice.awaitConnectedWithVideo();
        // The camera's 4:3 picture, at up to its 640 wide: libwebrtc may scale what the bot sends on
        // down when the machine is busy (seen in a full run), never change its shape.
        alice.waitFor("() => { const v = document.getElementById('remote');"
                + " return v.videoWidth > 0 && v.videoWidth <= 640 && v.videoWidth * 3 === v.videoHeight * 4; }");
        long frames = framesShown(alice);
        alice.page().waitForTimeout(1_500);
        assertThat(framesShown(alice) - frames).as("frames of the echo").isGreaterThan(10);
        assertThat(likeness(alice)).as("the echo is the page's own fake camera").isGreaterThan(0.8);
        double energy = 0;
        for (int i = 0; i < 5 && energy <= 0.001; i++) { // the fake microphone beeps about once a second
            double before = alice.media().audioEnergy();
            alice.page().waitForTimeout(2_000);
            energy = alice.media().audioEnergy() - before;
        }
        assertThat(energy).as("the page's own beeps, back").isGreaterThan(0.001);
        assertThat(bot.callers()).isEqualTo(1);
        alice.screenshot("echo-test");

        alice.page().click("#hangup");
        alice.waitFor("() => !document.getElementById('home').hidden");
        // The bot is ready for the next person.
        Person bob = stage.get().person("bob");
        bob.page().click("#echo-test");
        bob.awaitConnectedWithVideo();
        assertThat(likeness(bob)).isGreaterThan(0.8);
    }

    @Test
    void withoutTheBotThePageSaysTheEchoTestIsNotRunning() {
        Person alice = stage.get().person("alice");
        alice.page().click("#echo-test");
        assertThat(alice.awaitNotice("not running")).contains("./parley echo");
        assertThat(alice.page().isVisible("#home")).isTrue();
    }

    private static long framesShown(Person p) {
        return ((Number) p.page().evaluate("() => document.getElementById('remote').getVideoPlaybackQuality().totalVideoFrames")).longValue();
    }
}
