package dev.parley.e2e;

import dev.parley.server.dialect.clients.NodeModules;
import java.nio.file.Path;

/**
 * The cross-browser tests' npm package (puppeteer-core, which downloads no browser), installed from
 * its lockfile by Maven before the tests (parley-e2e's pom): a no-op when up to date. A failure is
 * printed and left to CrossBrowserTest to report.
 */
public final class CrossBrowserPackage {
    private CrossBrowserPackage() {}

    public static void main(String[] args) {
        for (Path dir : new Path[] {Path.of("src/test/cross-browser"), Path.of("parley-e2e/src/test/cross-browser")}) {
            if (dir.resolve("package-lock.json").toFile().isFile()) {
                try {
                    NodeModules.installed(dir);
                } catch (RuntimeException e) {
                    System.err.println("[cross-browser] npm ci failed; CrossBrowserTest will try again and fail: " + e);
                }
                return;
            }
        }
        System.err.println("[cross-browser] src/test/cross-browser not found from " + Path.of("").toAbsolutePath());
    }
}
