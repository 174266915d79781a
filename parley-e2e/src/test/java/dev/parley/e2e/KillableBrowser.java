package dev.parley.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Chromium process of its own, started by the test (not by Playwright) so the test knows its PID
 * and can kill it outright, as when a browser crashes or a laptop lid closes; Playwright drives it
 * over the DevTools protocol meanwhile.
 */
final class KillableBrowser implements AutoCloseable {
    private final Process process;
    private final Path profile;
    private final Playwright playwright;
    private final Browser browser;

    KillableBrowser() throws IOException, InterruptedException {
        profile = Files.createTempDirectory("parley-killable-");
        List<String> command = new ArrayList<>(List.of(System.getProperty("parley.chromium", "/usr/bin/chromium"),
                "--headless=new", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile));
        command.addAll(Chromium.ARGS);
        command.add("about:blank");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 1)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                process.destroyForcibly();
                throw new IllegalStateException("Chromium did not open its DevTools port; see " + profile.resolve("chromium.log"));
            }
            Thread.sleep(50);
        }
        String port = Files.readAllLines(portFile).get(0).trim();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().connectOverCDP("http://127.0.0.1:" + port);
    }

    Person person(String label, String url) {
        BrowserContext context = browser.contexts().get(0);
        var page = context.newPage();
        page.setViewportSize(960, 640);
        page.onConsoleMessage(m -> System.out.println("[" + label + " console " + m.type() + "] " + m.text()));
        page.navigate(url);
        return new Person(label, context, page);
    }

    /** SIGKILL to the browser and every process it started: no goodbye of any kind. */
    void kill() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        try {
            playwright.close();
        } finally {
            kill();
        }
    }
}
