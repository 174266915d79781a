package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.parley.server.ServerConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seed 000's web client (its code from the article, the elided parts filled in as the page's opening
 * comment lists), served by Parley's {@code --web-root} with the socket.io client script Parley
 * serves at {@code /socket.io/socket.io.js}, as the seed's socket.io server did: two browsers call
 * through room 123456, a third is turned away, and leaving tells the other.
 */
class Seed000PageTest {
    @RegisterExtension
    static final Stage.Extension stage = Stage.extension(ServerConfig.loopback(0).withWebRoot(SeedPages.webRoot()), List.of());

    private final List<Page> pages = new CopyOnWriteArrayList<>();

    @AfterEach
    void closePages() {
        for (Page p : pages) p.context().close();
        pages.clear();
    }

    private Page connect(String label) {
        Page p = SeedPages.open(stage.get().chromium, label, stage.get().url + "000/index.html");
        pages.add(p);
        p.click("#connserver");
        return p;
    }

    @Test
    void twoCallThroughTheRoomAThirdIsTurnedAwayAndLeavingSaysBye() {
        Page a = connect("A");
        a.waitForFunction("() => pc !== null"); // joined
        Page b = connect("B");
        SeedPages.assertRemoteVideoAdvancing(a, "#remotevideo");
        SeedPages.assertRemoteVideoAdvancing(b, "#remotevideo");

        Page c = connect("C");
        c.waitForFunction("() => window.seedFull === true");
        assertThat(c.evaluate("() => pc")).as("the third never made a peer connection").isNull();

        a.click("#leave");
        a.waitForFunction("() => window.seedLeaved === true");
        b.waitForFunction("() => window.seedBye === true && pc === null");
    }

    /**
     * Old and new in one room: the seed's page and Parley's app call each other, whoever comes first.
     * The page offers when told someone came and Parley's app offers when it comes, so Parley tells
     * the page of the app only when the page is the newcomer, and translates their SDP and ICE.
     */
    @Test
    void theSeedsPageAndParleysAppCallEachOtherInOneRoom() {
        Page page = SeedPages.open(stage.get().chromium, "page", stage.get().url + "000/index.html?room=mixed-1");
        pages.add(page);
        page.click("#connserver");
        page.waitForFunction("() => pc !== null");
        Person app = stage.get().person("app");
        app.joinRoom("mixed-1");
        app.awaitConnectedWithVideo();
        app.assertMediaFlowing();
        SeedPages.assertRemoteVideoAdvancing(page, "#remotevideo");
        app.close();
        page.waitForFunction("() => window.seedBye === true");

        Person first = stage.get().person("first");
        first.joinRoom("mixed-2");
        first.awaitCallState("waiting");
        Page newcomer = SeedPages.open(stage.get().chromium, "newcomer", stage.get().url + "000/index.html?room=mixed-2");
        pages.add(newcomer);
        newcomer.click("#connserver");
        first.awaitConnectedWithVideo();
        first.assertMediaFlowing();
        SeedPages.assertRemoteVideoAdvancing(newcomer, "#remotevideo");
    }
}
