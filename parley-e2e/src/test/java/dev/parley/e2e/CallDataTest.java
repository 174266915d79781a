package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What comes with the media, browser to browser: mute and camera state the far side shows (and
 * the media really stopping), chat with delivery receipts, files checked byte for byte, and the
 * live quality read from WebRTC's statistics.
 */
class CallDataTest {
    @RegisterExtension
    static final Stage.Extension stage = Stage.extension();
    private Person alice;
    private Person bob;

    private void meet(String room) {
        alice = stage.get().person("alice");
        bob = stage.get().person("bob");
        Stage.meet(alice, bob, room);
        // Both sides have said what their devices do: the data channel is open.
        for (Person p : List.of(alice, bob)) p.waitFor("() => window.parleyApp.call?.remoteState !== null", null);
    }

    /** Audio energy bob receives over one second. */
    /** Received over two seconds: the fake microphone beeps about that often, so one second may hold no beep. */
    private double audioEnergyInTwoSeconds(Person p) {
        double before = p.media().audioEnergy();
        p.page().waitForTimeout(2_000);
        return p.media().audioEnergy() - before;
    }

    /** Mean luminance (0-255) of the remote video as drawn, sampled over the whole frame. */
    private static double remoteLuminance(Person p) {
        return ((Number) p.page().evaluate("""
                () => {
                  const v = document.getElementById('remote');
                  const c = document.createElement('canvas');
                  c.width = 64; c.height = 36;
                  const g = c.getContext('2d');
                  g.drawImage(v, 0, 0, c.width, c.height);
                  const d = g.getImageData(0, 0, c.width, c.height).data;
                  let sum = 0;
                  for (let i = 0; i < d.length; i += 4) sum += 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
                  return sum / (d.length / 4);
                }""")).doubleValue();
    }

    @Test
    void muteAndCameraOffShowOnTheFarSideAndReallyStopTheMedia() {
        meet("mute-room");
        assertThat(bob.page().isVisible("#remote-muted")).isFalse();
        double speaking = 0;
        // Sound may start a moment after the picture on a busy machine (seen once in a full run).
        for (int i = 0; i < 5 && speaking <= 0.001; i++) speaking = audioEnergyInTwoSeconds(bob);
        assertThat(speaking).as("alice's fake microphone beeps").isGreaterThan(0.001);

        alice.page().click("#mic");
        bob.waitFor("() => !document.getElementById('remote-muted').hidden", null);
        bob.page().waitForTimeout(500); // what was in flight
        assertThat(audioEnergyInTwoSeconds(bob)).as("silence once muted").isLessThan(speaking / 20);
        alice.page().click("#mic");
        bob.waitFor("() => document.getElementById('remote-muted').hidden", null);
        double again = 0;
        for (int i = 0; i < 5 && again <= speaking / 4; i++) again = audioEnergyInTwoSeconds(bob); // the beeps are a second or so apart
        assertThat(again).as("sound again").isGreaterThan(speaking / 4);

        double picture = remoteLuminance(bob);
        assertThat(picture).as("alice's fake camera shows a picture").isGreaterThan(20);
        alice.page().click("#cam");
        bob.waitFor("() => !document.getElementById('remote-cam-off').hidden", null);
        // Said of alice, in words that cannot be taken for bob's own "Camera off" button.
        assertThat(bob.page().textContent("#remote-cam-off")).endsWith("camera is off").isNotEqualTo(bob.page().textContent("#cam"));
        bob.page().waitForTimeout(1_000);
        assertThat(remoteLuminance(bob)).as("black frames once the camera is off").isLessThan(5);
        bob.screenshot("far-side-camera-off");
        alice.page().click("#cam");
        bob.waitFor("() => document.getElementById('remote-cam-off').hidden", null);
        bob.page().waitForTimeout(1_000);
        assertThat(remoteLuminance(bob)).isGreaterThan(picture / 2);
    }

    @Test
    void liveQualityIsReadFromTheRealStatistics() {
        meet("quality-room");
        alice.waitFor("() => document.getElementById('quality').dataset.fps > 0 && document.getElementById('quality').dataset.inKbps > 50", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> shown = (Map<String, Object>) alice.page().evaluate(
                "() => ({ ...document.getElementById('quality').dataset, rating: document.getElementById('quality-rating').textContent,"
                        + " text: document.getElementById('quality-text').textContent })");
        assertThat(shown).containsEntry("path", "direct").containsEntry("transport", "UDP").containsEntry("rating", "good");
        assertThat(Integer.parseInt((String) shown.get("width"))).isEqualTo(alice.media().frameWidth());
        assertThat((String) shown.get("text")).contains("direct UDP", "kbit/s", "% lost", "fps");
        // The bitrate chart is an area one can see, not a hairline: a good part of it is painted.
        alice.waitFor("() => window.parleyApp.call.quality.history.length >= 10");
        Number painted = (Number) alice.page().evaluate(PAINTED_SHARE, "quality-chart");
        assertThat(painted.doubleValue()).as("share of the chart's pixels painted").isGreaterThan(0.25);
        assertThat(alice.page().textContent("#quality-peak")).matches("peak [0-9.]+ (kbit|Mbit)/s");
        alice.screenshot("call-quality");
    }

    /** The share of a canvas's pixels that are not transparent. */
    private static final String PAINTED_SHARE = """
            id => {
              const c = document.getElementById(id);
              const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let painted = 0;
              for (let i = 3; i < px.length; i += 4) if (px[i] > 0) painted++;
              return painted / (c.width * c.height);
            }""";

    private static final String OUTBOUND_VIDEO = """
            async () => {
              const stats = await window.parleyApp.call.pc.getStats();
              const r = { bytes: 0, codec: null, inCodec: null };
              stats.forEach(s => {
                if (s.type === 'outbound-rtp' && s.kind === 'video') { r.bytes += s.bytesSent; r.codec = stats.get(s.codecId)?.mimeType ?? null; }
                if (s.type === 'inbound-rtp' && s.kind === 'video') r.inCodec = stats.get(s.codecId)?.mimeType ?? null;
              });
              return r;
            }""";

    /** Video alice sends, in kbit/s over two seconds. */
    private double sendingKbps(Person p) {
        double before = ((Number) ((Map<?, ?>) p.page().evaluate(OUTBOUND_VIDEO)).get("bytes")).doubleValue();
        p.page().waitForTimeout(2_000);
        double after = ((Number) ((Map<?, ?>) p.page().evaluate(OUTBOUND_VIDEO)).get("bytes")).doubleValue();
        return (after - before) * 8 / 1000 / 2;
    }

    @Test
    void aBitrateCapAndAPreferredCodecShowInTheStatistics() {
        meet("settings-room");
        alice.waitFor("() => document.getElementById('quality').dataset.inKbps > 0", null);
        double uncapped = 0;
        for (int i = 0; i < 5 && uncapped < 250; i++) uncapped = sendingKbps(alice);
        assertThat(uncapped).as("the fake camera's video ramps up").isGreaterThan(250);

        alice.page().click("#settings summary");
        alice.page().selectOption("#max-bitrate", "100");
        alice.page().waitForTimeout(2_000);
        assertThat(sendingKbps(alice)).as("capped at 100 kbit/s").isLessThan(100 * 1.25);
        alice.page().selectOption("#max-bitrate", "");
        alice.page().waitForTimeout(4_000);
        assertThat(sendingKbps(alice)).as("the cap lifted").isGreaterThan(150);

        alice.page().selectOption("#codec", "video/VP9");
        alice.waitFor("async () => (await (" + OUTBOUND_VIDEO + ")()).codec === 'video/VP9'", null);
        bob.waitFor("async () => (await (" + OUTBOUND_VIDEO + ")()).inCodec === 'video/VP9'", null);
        bob.awaitMediaFlowing(5); // a second without video right after the switch happens (1 run in 3)
        // The quality line names the codec in use (a browser without the one preferred falls back).
        bob.waitFor("() => document.getElementById('quality').dataset.codec === 'VP9'", null);
        alice.screenshot("settings");
    }

    @Test
    void theCallIsRecordedLocallyIntoAPlayableFile() throws Exception {
        meet("record-room");
        bob.page().click("#record");
        assertThat(bob.page().textContent("#record")).isEqualTo("Stop recording");
        bob.page().waitForTimeout(3_000);
        bob.page().click("#record");
        bob.waitFor("() => document.querySelector('#recording a') !== null", null);
        var download = bob.page().waitForDownload(() -> bob.page().click("#recording a"));
        byte[] file = java.nio.file.Files.readAllBytes(download.path());
        assertThat(download.suggestedFilename()).startsWith("parley-").endsWith(".webm");
        assertThat(file.length).as("three seconds of video and sound").isGreaterThan(20_000);
        assertThat(java.util.HexFormat.of().formatHex(file, 0, 4)).as("a WebM (EBML) file").isEqualTo("1a45dfa3");
        // And it plays: the browser decodes a picture of alice's camera and finds sound in it.
        @SuppressWarnings("unchecked")
        Map<String, Object> played = (Map<String, Object>) bob.page().evaluate("""
                async () => {
                  const a = document.querySelector('#recording a');
                  const v = document.createElement('video');
                  v.muted = true;
                  v.src = a.href;
                  await new Promise((ok, fail) => { v.onloadeddata = ok; v.onerror = () => fail(new Error('cannot play')); });
                  await v.play();
                  await new Promise(ok => setTimeout(ok, 1000));
                  return { width: v.videoWidth, audioBytes: v.webkitAudioDecodedByteCount, videoBytes: v.webkitVideoDecodedByteCount };
                }""");
        assertThat(((Number) played.get("width")).intValue()).isEqualTo(bob.media().frameWidth());
        assertThat(((Number) played.get("audioBytes")).longValue()).as("sound decoded").isPositive();
        assertThat(((Number) played.get("videoBytes")).longValue()).as("pictures decoded").isPositive();
        bob.screenshot("recording-saved");
    }

    @Test
    void chatMessagesArriveBothWaysWithDeliveryReceipts() {
        meet("chat-room");
        alice.page().fill("#chat-text", "Hello Bob 👋 — can you hear me?");
        alice.page().click("#chat-send");
        bob.waitFor("() => [...document.querySelectorAll('#messages li.theirs')].some(li => li.textContent === 'Hello Bob 👋 — can you hear me?')", null);
        alice.waitFor("() => document.querySelector('#messages li.mine')?.dataset.delivered === 'true'", null);

        bob.page().fill("#chat-text", "Loud and clear");
        bob.page().press("#chat-text", "Enter");
        alice.waitFor("() => [...document.querySelectorAll('#messages li.theirs')].some(li => li.textContent === 'Loud and clear')", null);
        assertThat(bob.page().inputValue("#chat-text")).isEmpty();
        alice.screenshot("chat");
    }

    @Test
    void aMultiMegabyteFileArrivesByteForByte() {
        meet("file-room");
        // 6 MiB of random bytes, made in alice's page; both sides digest them independently with Web Crypto.
        String sent = (String) alice.page().evaluate("""
                async () => {
                  const bytes = new Uint8Array(6 * 1024 * 1024 + 12345);
                  for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
                  const hex = b => Array.from(new Uint8Array(b), x => x.toString(16).padStart(2, '0')).join('');
                  const t = window.parleyApp.sendFile(new Blob([bytes]), 'random.bin');
                  window.sent = t;
                  return hex(await crypto.subtle.digest('SHA-256', bytes));
                }""");
        bob.waitFor("() => document.querySelector('#transfers li')?.dataset.state === 'done'", null);
        alice.waitFor("() => document.querySelector('#transfers li')?.dataset.state === 'done'", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> received = (Map<String, Object>) bob.page().evaluate("""
                async () => {
                  const a = document.querySelector('#transfers li a');
                  const t = [...window.parleyApp.call.link.data.transfers.values()][0];
                  const buffer = await t.blob.arrayBuffer();
                  const hex = b => Array.from(new Uint8Array(b), x => x.toString(16).padStart(2, '0')).join('');
                  return { name: a.download, size: buffer.byteLength, sha256: hex(await crypto.subtle.digest('SHA-256', buffer)),
                           progress: document.querySelector('#transfers progress').value };
                }""");
        assertThat(received).containsEntry("name", "random.bin").containsEntry("size", 6 * 1024 * 1024 + 12345)
                .containsEntry("sha256", sent);
        assertThat(((Number) received.get("progress")).intValue()).isEqualTo(6 * 1024 * 1024 + 12345);
        assertThat(alice.page().evaluate("() => window.sent.sha256")).as("the streamed SHA-256 matches Web Crypto's").isEqualTo(sent);
        assertThat(alice.page().textContent("#transfers li")).contains("Sent random.bin", "checked");
        bob.screenshot("file-received");

        // What the person gets from "Save" is the same file.
        var download = bob.page().waitForDownload(() -> bob.page().click("#transfers li a"));
        assertThat(download.suggestedFilename()).isEqualTo("random.bin");
        assertThat(sha256(download.path())).isEqualTo(sent);
    }

    private static String sha256(java.nio.file.Path file) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(file)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eitherSideCanCancelATransferMidWay() {
        meet("cancel-room");
        alice.page().evaluate("""
                () => { window.sent = window.parleyApp.sendFile(new Blob([new Uint8Array(256 * 1024 * 1024)]), 'big.bin'); }""");
        bob.waitFor("() => document.querySelector('#transfers progress')?.value > 0", null);
        bob.page().click("#transfers li button");
        alice.waitFor("() => document.querySelector('#transfers li')?.dataset.state === 'cancelled'", null);
        bob.waitFor("() => document.querySelector('#transfers li')?.dataset.state === 'cancelled'", null);
        assertThat(alice.page().textContent("#transfers li")).contains("cancelled by the other person");
        long sentBytes = ((Number) alice.page().evaluate("() => window.sent.bytes")).longValue();
        assertThat(sentBytes).as("stopped well before the end").isLessThan(256L * 1024 * 1024);
        // The call and its channel still work afterwards.
        alice.page().fill("#chat-text", "still here");
        alice.page().click("#chat-send");
        bob.waitFor("() => [...document.querySelectorAll('#messages li.theirs')].some(li => li.textContent === 'still here')", null);
    }
}
