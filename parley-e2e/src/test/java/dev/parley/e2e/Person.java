package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.Map;

/** One person using the Parley web app in their own browser context. */
public final class Person implements AutoCloseable {
    static final double WAIT_MS = 15_000;

    /** Received bytes and audio energy, summed over the inbound RTP streams of the current call. */
    public record Media(double audioBytes, double videoBytes, double audioEnergy, int frameWidth) {}

    private static final String STATS = """
            async () => {
              const pc = window.parleyApp.call?.pc;
              if (!pc) return null;
              const r = { audioBytes: 0, videoBytes: 0, audioEnergy: 0, frameWidth: 0 };
              (await pc.getStats()).forEach(s => {
                if (s.type !== 'inbound-rtp') return;
                if (s.kind === 'audio') { r.audioBytes += s.bytesReceived ?? 0; r.audioEnergy += s.totalAudioEnergy ?? 0; }
                if (s.kind === 'video') { r.videoBytes += s.bytesReceived ?? 0; r.frameWidth = Math.max(r.frameWidth, s.frameWidth ?? 0); }
              });
              return r;
            }""";

    /** The candidate pair ICE selected: each side's candidate type, and the relay's transport towards the TURN server. */
    public record IcePath(String localType, String remoteType, String localRelayProtocol, String localAddress, String remoteAddress) {}

    private static final String SELECTED_PAIR = """
            async () => {
              const pc = window.parleyApp.call?.pc;
              if (!pc) return null;
              const stats = await pc.getStats();
              let pair = null;
              stats.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId); });
              if (!pair) stats.forEach(s => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s; });
              if (!pair) return null;
              const local = stats.get(pair.localCandidateId), remote = stats.get(pair.remoteCandidateId);
              return { localType: local.candidateType, remoteType: remote.candidateType, relayProtocol: local.relayProtocol ?? '',
                       localAddress: `${local.address}:${local.port}`, remoteAddress: `${remote.address}:${remote.port}` };
            }""";

    final String label;
    final BrowserContext context;
    final Page page;

    Person(String label, BrowserContext context, Page page) {
        this.label = label;
        this.context = context;
        this.page = page;
    }

    public Page page() {
        return page;
    }

    public void joinRoom(String room) {
        page.fill("#room", room);
        page.click("#join");
    }

    public void goOnline(String name) {
        page.fill("#name", name);
        page.click("#go-online");
        page.waitForFunction("n => window.parleyApp.parley?.name === n && window.parleyApp.parley.connected", name, waiting());
    }

    /** Waits until someone with this name is listed as online, and calls them. */
    public void call(String name) {
        page.click("#people button[aria-label='Call " + name + "']", new Page.ClickOptions().setTimeout(WAIT_MS));
    }

    public void awaitIncomingCallFrom(String name) {
        page.waitForSelector("#incoming[open]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        assertThat(page.textContent("#caller")).isEqualTo(name);
    }

    public void awaitCallState(String state) {
        await("s => document.body.dataset.callState === s", state);
    }

    /** Waits for ICE to connect and a decoded remote picture, as the far side's camera shows up. */
    public void awaitConnectedWithVideo() {
        awaitCallState("connected");
        await("() => ['connected', 'completed'].includes(window.parleyApp.call?.pc?.iceConnectionState)", null);
        await("() => document.getElementById('remote').videoWidth > 0", null);
    }

    /** What the page's call looks like from inside, for a failure message. */
    public String diagnostics() {
        return String.valueOf(page.evaluate("""
                () => {
                  const c = window.parleyApp.call, pc = c?.pc;
                  return JSON.stringify({ ui: document.body.dataset.callState, call: c?.state, peer: c?.peer,
                    connection: pc?.connectionState, ice: pc?.iceConnectionState, signaling: pc?.signalingState,
                    gathering: pc?.iceGatheringState, notice: document.getElementById('notice-text').textContent,
                    trace: c?.link?.trace });
                }"""));
    }

    /** Waits until the page function {@code predicate} is truthy; on timeout, says what the call looked like. */
    public void waitFor(String predicate) {
        await(predicate, null);
    }

    public void waitFor(String predicate, Object arg) {
        await(predicate, arg);
    }

    private void await(String predicate, Object arg) {
        try {
            page.waitForFunction(predicate, arg, waiting());
        } catch (com.microsoft.playwright.TimeoutError e) {
            throw new AssertionError(label + " waited " + WAIT_MS + " ms for " + predicate + "; state: " + diagnostics(), e);
        }
    }

    public Media media() {
        Object r = page.evaluate(STATS);
        if (r == null) return null;
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) r;
        return new Media(num(m, "audioBytes"), num(m, "videoBytes"), num(m, "audioEnergy"), (int) num(m, "frameWidth"));
    }

    public IcePath selectedPath() {
        Object r = page.evaluate(SELECTED_PAIR);
        if (r == null) return null;
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) r;
        return new IcePath((String) m.get("localType"), (String) m.get("remoteType"), (String) m.get("relayProtocol"),
                (String) m.get("localAddress"), (String) m.get("remoteAddress"));
    }

    /** Audio and video bytes received keep growing over a second. */
    public void assertMediaFlowing() {
        Media before = media();
        assertThat(before).as(label + " has a call").isNotNull();
        page.waitForTimeout(1_000);
        Media after = media();
        assertThat(after.audioBytes()).as(label + " audio bytes").isGreaterThan(before.audioBytes());
        assertThat(after.videoBytes()).as(label + " video bytes").isGreaterThan(before.videoBytes());
        assertThat(after.frameWidth()).as(label + " decoded frame width").isPositive();
    }

    /**
     * Like {@link #assertMediaFlowing}, after a change that may pause the media for a moment (a
     * codec switch restarts the encoder): it must flow again within {@code seconds}.
     */
    public void awaitMediaFlowing(int seconds) {
        for (int i = 1; i < seconds; i++) {
            Media before = media();
            page.waitForTimeout(1_000);
            Media after = media();
            if (before != null && after != null && after.audioBytes() > before.audioBytes()
                    && after.videoBytes() > before.videoBytes() && after.frameWidth() > 0) return;
        }
        assertMediaFlowing();
    }

    /** The message the app shows in its notice area, once it says something containing {@code text}. */
    public String awaitNotice(String text) {
        page.waitForFunction("t => !document.getElementById('notice').hidden && document.getElementById('notice-text').textContent.includes(t)",
                text, waiting());
        return page.textContent("#notice-text");
    }

    public void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(
                Path.of(System.getProperty("parley.screenshots", "target/screenshots"), name + ".png")));
    }

    private static Page.WaitForFunctionOptions waiting() {
        return new Page.WaitForFunctionOptions().setTimeout(WAIT_MS).setPollingInterval(50);
    }

    private static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @Override
    public void close() {
        context.close();
    }
}
