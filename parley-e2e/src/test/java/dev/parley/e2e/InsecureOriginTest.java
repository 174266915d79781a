package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.ServerConfig.Endpoint;
import dev.parley.server.tls.LocalCertificate;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opened over plain http at a LAN address, browsers hide the camera (seed users' "No
 * navigator.mediaDevices"). The app must say so and link to the HTTPS address instead of failing.
 */
class InsecureOriginTest {
    @TempDir
    Path data;

    @Test
    void plainHttpAtALanAddressExplainsHowToReachTheCamera() throws Exception {
        var tls = LocalCertificate.ensure(data, List.of("localhost", Chromium.LAN_NAME, "127.0.0.1"));
        var config = ServerConfig.loopback(0).withHttps(new Endpoint("127.0.0.1", 0), tls);
        try (var server = ParleyServer.start(config);
             var chromium = new Chromium();
             var person = chromium.person("lan", "http://" + Chromium.LAN_NAME + ":" + server.httpPort() + "/r/standup")) {
            assertThat((Boolean) person.page().evaluate("() => window.isSecureContext")).isFalse();
            String notice = person.awaitNotice("https://");
            assertThat(notice).contains("only lets https:// pages")
                    .contains("https://" + Chromium.LAN_NAME + ":" + server.httpsPort() + "/r/standup");
            assertThat(person.page().getAttribute("#notice-text a", "href"))
                    .isEqualTo("https://" + Chromium.LAN_NAME + ":" + server.httpsPort() + "/r/standup");
            assertThat(person.page().inputValue("#room")).isEqualTo("standup"); // the link's room, kept for later
            person.screenshot("insecure-origin");
        }
    }
}
