package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The seeds' own pages (test resources under {@code seeds/}, each with the list of its changes from
 * the article) in a web root for {@code --web-root}, and a browser tab on one of them.
 */
final class SeedPages {
    private SeedPages() {}

    /** A fresh directory with every seed page, laid out as {@code 000/index.html}, {@code 003/webrtc.html}. */
    static Path webRoot() {
        try {
            Path root = Files.createTempDirectory("parley-seed-pages");
            for (String page : List.of("000/index.html", "003/webrtc.html")) {
                Path target = Files.createDirectories(root.resolve(page).getParent()).resolve(Path.of(page).getFileName());
                try (InputStream in = SeedPages.class.getResourceAsStream("/seeds/" + page)) {
                    Files.copy(in, target);
                }
            }
            root.toFile().deleteOnExit();
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What browsers of the articles' time did and today's do not: {@code createOffer()} and
     * {@code createAnswer()} resolved with an {@code RTCSessionDescription}, which has
     * {@code toJSON()}; they now resolve with a plain object (WebRTC 1.0), and seed 003's page calls
     * {@code offer.toJSON()} ("TypeError: offer.toJSON is not a function" in Chromium 156, so it
     * never sends its offer, whatever the server). The same lines in a script tag before the page's
     * own make it work for its users; docs/compat.md says so.
     */
    static final String LEGACY_DESCRIPTIONS = """
            for (const m of ['createOffer', 'createAnswer']) {
              const f = RTCPeerConnection.prototype[m];
              RTCPeerConnection.prototype[m] = function (...a) {
                return f.apply(this, a).then(d => d && !d.toJSON ? new RTCSessionDescription(d) : d);
              };
            }""";

    /** A page in a browser profile of its own, its console in the test's output. */
    static Page open(Chromium chromium, String label, String url) {
        return open(chromium, label, url, null);
    }

    /** As {@link #open(Chromium, String, String)}, running {@code initScript} before the page's own scripts. */
    static Page open(Chromium chromium, String label, String url, String initScript) {
        return open(chromium, label, url, initScript, page -> {});
    }

    /**
     * As {@link #open(Chromium, String, String, String)}, handing the page to {@code listen} before it
     * loads, so the test's own listeners (e.g. keeping its console lines) miss nothing.
     */
    static Page open(Chromium chromium, String label, String url, String initScript, Consumer<Page> listen) {
        BrowserContext context = chromium.browser().newContext();
        context.grantPermissions(List.of("camera", "microphone"));
        if (initScript != null) context.addInitScript(initScript);
        Page page = context.newPage();
        listen.accept(page);
        page.onConsoleMessage(m -> System.out.println("[" + label + " console " + m.type() + "] " + m.text()));
        page.onPageError(e -> System.out.println("[" + label + " page error] " + e));
        // What the page and the server said, shortened: for reading a failure.
        page.onWebSocket(ws -> {
            ws.onFrameSent(f -> System.out.println("[" + label + " sent] " + shorten(f.text())));
            ws.onFrameReceived(f -> System.out.println("[" + label + " received] " + shorten(f.text())));
        });
        page.navigate(url);
        return page;
    }

    private static String shorten(String s) {
        return s == null ? "(binary)" : s.length() <= 120 ? s : s.substring(0, 120) + "… (" + s.length() + " chars)";
    }

    /**
     * Frames of the remote video element that the CSS {@code selector} finds ({@code "#remoteVideo"},
     * {@code ".remote-container video"}) keep being decoded: more than a few now, and more again a
     * second later.
     */
    static void assertRemoteVideoAdvancing(Page page, String selector) {
        String frames = "s => document.querySelector(s)?.getVideoPlaybackQuality().totalVideoFrames ?? 0";
        page.waitForFunction("s => (document.querySelector(s)?.getVideoPlaybackQuality().totalVideoFrames ?? 0) > 5", selector,
                new Page.WaitForFunctionOptions().setTimeout(20_000));
        long before = ((Number) page.evaluate(frames, selector)).longValue();
        page.waitForTimeout(1_000);
        long after = ((Number) page.evaluate(frames, selector)).longValue();
        assertThat(after).as("remote frames decoded in one second").isGreaterThan(before);
    }
}
