package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Failures a person can meet in the app are explained in words, not left in the console. */
class FailureMessagesTest {
    private static Chromium chromium;

    @BeforeAll
    static void start() {
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        chromium.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NotAllowedError  | blocked. Allow it for this site",
            "NotFoundError    | No camera or microphone was found",
            "NotReadableError | in use by another app",
    })
    void cameraFailuresAreExplained(String domError, String expected) throws Exception {
        try (var server = ParleyServer.start(ServerConfig.loopback(0));
             var person = chromium.person("camera", "about:blank")) {
            // getUserMedia fails the way Chromium does when the person or the system says no.
            person.page().addInitScript("navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('no', '"
                    + domError + "'));");
            person.page().navigate("http://127.0.0.1:" + server.httpPort() + "/");
            person.joinRoom("cam-room");
            assertThat(person.awaitNotice(expected)).contains(expected);
            assertThat(person.page().getAttribute("#notice a.network-test-link", "href")).as("a way to find out more").isEqualTo("/test");
            assertThat(person.page().isVisible("#home")).isTrue();
            assertThat(server.hub().stats().rooms()).as("nobody joined without a camera").isZero();
        }
    }

    @Test
    void losingTheServerIsExplainedAndTheAppReconnectsWhenItIsBack() throws Exception {
        var server = ParleyServer.start(ServerConfig.loopback(0));
        int port = server.httpPort();
        ParleyServer again = null;
        try (var person = chromium.person("lost", "http://127.0.0.1:" + port + "/")) {
            person.goOnline("lou");
            server.close();
            assertThat(person.awaitNotice("Lost")).isEqualTo("Lost the connection to the server. Reconnecting…");
            assertThat(person.page().textContent("#connection")).isEqualTo("reconnecting…");
            assertThat(person.awaitNotice("Cannot reach")).isEqualTo("Cannot reach the Parley server. Still trying… Test your network");
            assertThat(person.page().getAttribute("#notice a.network-test-link", "href")).isEqualTo("/test");

            again = ParleyServer.start(ServerConfig.loopback(port));
            person.page().waitForFunction("() => document.getElementById('connection').textContent === 'online as lou'"
                    + " && document.getElementById('notice').hidden", null,
                    new com.microsoft.playwright.Page.WaitForFunctionOptions().setTimeout(Person.WAIT_MS));
            assertThat(again.hub().stats().namedSessions()).isEqualTo(1);
        } finally {
            server.close();
            if (again != null) again.close();
        }
    }
}
