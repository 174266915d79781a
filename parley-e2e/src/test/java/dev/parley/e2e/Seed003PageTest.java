package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Dialog;
import com.microsoft.playwright.Page;
import dev.parley.server.ServerConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seed 003's page, unchanged but for its server address (see the page's opening comment), served by
 * Parley's {@code --web-root} and calling through {@code /webrtc/{username}}: page to page, and page
 * to Parley's own app by name in both directions, with real media. Today's Chromium needs the
 * page's {@code offer.toJSON()} back ({@link SeedPages#LEGACY_DESCRIPTIONS}).
 */
class Seed003PageTest {
    @RegisterExtension
    static final Stage.Extension stage = Stage.extension(ServerConfig.loopback(0).withWebRoot(SeedPages.webRoot()), List.of());

    private final List<Page> pages = new CopyOnWriteArrayList<>();

    @AfterEach
    void closePages() {
        for (Page p : pages) p.context().close();
        pages.clear();
    }

    /** The page as {@code username}, answering its confirm() with {@code answer} and keeping its alert()s. */
    private Page page(String username, boolean answer, List<String> alerts) {
        Page p = SeedPages.open(stage.get().chromium, username, stage.get().url + "003/webrtc.html?username=" + username,
                SeedPages.LEGACY_DESCRIPTIONS);
        p.onDialog(d -> {
            if (d.type().equals("alert")) alerts.add(d.message());
            if (d.type().equals("confirm") && !answer) d.dismiss();
            else d.accept();
        });
        p.waitForFunction("() => websocket && websocket.readyState === 1");
        pages.add(p);
        return p;
    }

    private static void call(Page from, String to) {
        from.fill("#toUser", to);
        from.click("#call");
    }

    @Test
    void twoPagesCallEachOtherByNameAndHangUp() {
        var alerts = new CopyOnWriteArrayList<String>();
        Page zs = page("zs", true, alerts);
        Page ls = page("ls", true, alerts);
        call(zs, "ls");
        SeedPages.assertRemoteVideoAdvancing(zs, "#remoteVideo");
        SeedPages.assertRemoteVideoAdvancing(ls, "#remoteVideo");
        zs.click("#hangup");
        ls.waitForFunction("() => peer === null && !document.getElementById('remoteVideo').srcObject");
        assertThat(alerts).isEmpty();
    }

    @Test
    void aRefusalAndSomeoneOfflineAreToldAsTheSeedTellsThem() {
        var alerts = new CopyOnWriteArrayList<String>();
        Page zs = page("zs", true, alerts);
        page("ls", false, alerts);
        call(zs, "ls");
        zs.waitForFunction("() => peer === null", null, new Page.WaitForFunctionOptions().setTimeout(10_000));
        assertThat(alerts).containsExactly("ls拒绝视频通话");
        alerts.clear();
        zs.evaluate("() => document.getElementById('toUser').style.visibility = 'unset'");
        call(zs, "nobody");
        zs.waitForCondition(() -> !alerts.isEmpty(), new Page.WaitForConditionOptions().setTimeout(10_000));
        assertThat(alerts).containsExactly("Sorry,呼叫的用户不在线!");
    }

    @Test
    void aSeedPageCallsParleysAppAndTheAppCallsTheSeedPage() {
        var alerts = new CopyOnWriteArrayList<String>();
        Person bob = stage.get().person("bob");
        bob.goOnline("bob");
        Page zs = page("zs", true, alerts);
        call(zs, "bob");
        bob.awaitIncomingCallFrom("zs");
        bob.page().click("#accept");
        bob.awaitConnectedWithVideo();
        bob.assertMediaFlowing();
        SeedPages.assertRemoteVideoAdvancing(zs, "#remoteVideo");
        zs.click("#hangup");
        bob.awaitCallState("ended");
        assertThat(bob.awaitNotice("hung up")).contains("hung up");

        // And the other way: the app rings the page, whose confirm() answers.
        bob.call("zs");
        SeedPages.assertRemoteVideoAdvancing(zs, "#remoteVideo");
        bob.awaitConnectedWithVideo();
        bob.assertMediaFlowing();
        assertThat(alerts).isEmpty();
    }
}
