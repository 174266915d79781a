package dev.parley.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright, with a fake camera and microphone. One browser per test
 * class (starting Playwright costs seconds); one context per person, because a background tab's
 * video is throttled while separate contexts each render at full rate.
 */
public final class Chromium implements AutoCloseable {
    /** Stands for the server's LAN address in tests; Chromium resolves it to 127.0.0.1. */
    public static final String LAN_NAME = "parley.test";

    static final List<String> ARGS = List.of(
            "--use-fake-device-for-media-stream", // a test pattern and a beeping microphone
            "--use-fake-ui-for-media-stream",     // grant camera and microphone without a prompt
            "--allow-loopback-in-peer-connection", // otherwise no 127.0.0.1 candidates, and ICE never starts
            "--autoplay-policy=no-user-gesture-required",
            // A LAN-like name that still resolves to loopback: its plain-http pages are not secure contexts.
            "--host-resolver-rules=MAP " + Chromium.LAN_NAME + " 127.0.0.1",
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run");

    private final Playwright playwright;
    private final Browser browser;

    public Chromium() {
        this(List.of());
    }

    /** With more command-line switches than {@link #ARGS}. */
    public Chromium(List<String> extraArgs) {
        Path executable = Path.of(System.getProperty("parley.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("Chromium not found at " + executable
                    + ": run ./scripts/test, which installs it, or apt-get install chromium");
        }
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(executable)
                .setHeadless(true)
                .setArgs(java.util.stream.Stream.concat(ARGS.stream(), extraArgs.stream()).toList())
                .setIgnoreDefaultArgs(List.of("--mute-audio"))); // so received audio has energy to measure
    }

    /** A new person with a browser profile of their own, on the app at {@code url}. */
    public Person person(String label, String url) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(960, 640));
        context.grantPermissions(List.of("camera", "microphone"));
        var page = context.newPage();
        page.onConsoleMessage(m -> System.out.println("[" + label + " console " + m.type() + "] " + m.text()));
        page.navigate(url);
        return new Person(label, context, page);
    }

    public Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
