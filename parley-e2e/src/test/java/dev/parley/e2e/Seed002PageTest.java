package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.parley.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seed 002's React page (the article's Simple1v1 and SignalServer on socket.io-client 4, built with
 * Vite: {@link Seed002App}), served by Parley's {@code --web-root} at {@code /002/} and signaling
 * through Parley's {@code /socket.io/}: two browsers type one room id, join, one clicks call, and
 * each sees the other's video; a third is told the room is full; closing a page tells the other.
 * The page shows nothing for {@code full} and {@code bye}: SignalServer's defaults only log them,
 * so the test reads the console.
 */
class Seed002PageTest {
    private static final Path WEB_ROOT = emptyWebRoot();
    private static final String ROOM = "simple1v1";
    private static final String CALL_TIP = "Simple1v1-可点击啊call进行呼叫";
    private static final String WAITING_TIP = "Simple1v1-等待对方加入房间...";
    private static final String IN_CALL_TIP = "Simple1v1-通话中";

    @RegisterExtension
    static final Stage.Extension stage = Stage.extension(ServerConfig.loopback(0).withWebRoot(WEB_ROOT), List.of());

    /** One page and what it said and heard. The lists are filled on Playwright's thread, hence concurrent. */
    private record Client(Page page, List<String> console, List<String> sent, List<String> received) {}

    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();
    /** Requests that failed, e.g. a missing asset of the built page. */
    private final List<String> failedRequests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void buildPage() {
        // Parley reads --web-root's files on each request, so the page may arrive after the server started.
        Seed002App.copyInto(WEB_ROOT.resolve("002"));
    }

    @AfterEach
    void closePages() {
        for (Client c : clients) c.page().context().close();
        clients.clear();
    }

    private static Path emptyWebRoot() {
        try {
            Path root = Files.createTempDirectory("parley-seed002-page");
            root.toFile().deleteOnExit();
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page in a profile of its own, its camera on (so its tracks are on its peer connection). */
    private Client open(String label) {
        List<String> console = new CopyOnWriteArrayList<>(), sent = new CopyOnWriteArrayList<>(), received = new CopyOnWriteArrayList<>();
        Page page = SeedPages.open(stage.get().chromium, label, stage.get().url + "002/index.html", null, p -> {
            p.onConsoleMessage(m -> console.add(m.text()));
            p.onPageError(e -> pageErrors.add(label + ": " + e));
            p.onResponse(r -> {
                if (r.status() >= 400) failedRequests.add(r.status() + " " + r.url());
            });
            p.onWebSocket(ws -> {
                ws.onFrameSent(f -> sent.add(f.text()));
                ws.onFrameReceived(f -> received.add(f.text()));
            });
        });
        page.waitForFunction("() => document.querySelector('.local-container video')?.srcObject?.active === true");
        Client client = new Client(page, console, sent, received);
        clients.add(client);
        return client;
    }

    /** What a person does: types the room id into the input and clicks 加入房间. */
    private static void join(Client c) {
        c.page().getByPlaceholder("请输入房间号").fill(ROOM);
        c.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("加入房间")).click();
    }

    private static Locator callButton(Client c) {
        return c.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("call").setExact(true));
    }

    private static void assertTip(Client c, String tip) {
        PlaywrightAssertions.assertThat(c.page().locator("h1")).hasText(tip);
    }

    private static void awaitConsole(Client c, Pattern line) {
        c.page().waitForCondition(() -> c.console().stream().anyMatch(l -> line.matcher(l).matches()),
                new Page.WaitForConditionOptions().setTimeout(10_000));
    }

    @Test
    void twoJoinAndCallAThirdFindsTheRoomFullAndClosingAPageSaysBye() {
        Client a = open("A");
        join(a);
        assertTip(a, WAITING_TIP);
        Client b = open("B");
        join(b);
        assertTip(a, CALL_TIP); // otherjoined
        assertTip(b, CALL_TIP); // joined with userNum 2

        callButton(a).click();
        SeedPages.assertRemoteVideoAdvancing(a.page(), ".remote-container video");
        SeedPages.assertRemoteVideoAdvancing(b.page(), ".remote-container video");
        assertTip(a, IN_CALL_TIP);
        assertTip(b, IN_CALL_TIP);

        // The third: SignalServer's default onFull logs it; the page itself goes on waiting.
        Client c = open("C");
        join(c);
        awaitConsole(c, Pattern.compile(Pattern.quote(ROOM + " is full")));
        assertTip(c, WAITING_TIP);
        PlaywrightAssertions.assertThat(callButton(c)).isDisabled();
        assertThat(a.console()).as("the two in the call heard nothing of the third")
                .containsOnlyOnce("------ 有人加入房间了");
        assertTip(a, IN_CALL_TIP);

        // Closing B runs its beforeunload, whose leave() tells A through bye; A's default onBye logs it.
        String bId = userIdIn(a.received(), "otherjoined");
        b.page().close(new Page.CloseOptions().setRunBeforeUnload(true));
        awaitConsole(a, Pattern.compile(Pattern.quote(bId + " leaved " + ROOM)));
        // Whether B's leave got out before its page went (Playwright may not report a frame sent as a page
        // closes) or only its connection's end did, A hears one bye.
        assertThat(a.received().stream().filter(f -> f.startsWith("42[\"bye\"")).count()).as("byes A heard").isEqualTo(1);
        assertTip(a, IN_CALL_TIP); // the article's page does nothing else on bye

        assertThat(pageErrors).isEmpty();
        // Chromium asks for /favicon.ico, which neither the article nor Parley has; every asset loaded.
        assertThat(failedRequests).allMatch(r -> r.startsWith("404 ") && r.endsWith("/favicon.ico"));
    }

    /**
     * Old and new in one room: the page and Parley's app call each other, whoever comes first. With
     * the page there first the app (the newcomer) offers and the page answers; with the app there first
     * the page's user presses call. Parley translates the page's {type, value} and the app's
     * {description}/{candidate}.
     */
    /** The page sends video only ({@code getUserMedia({audio: false, video: true})}): the app's received video grows. */
    private static void assertVideoFromThePage(Person app) {
        Person.Media before = app.media();
        app.page().waitForTimeout(1_000);
        Person.Media after = app.media();
        assertThat(after.videoBytes()).as("video bytes the app received").isGreaterThan(before.videoBytes());
        assertThat(after.frameWidth()).as("decoded frame width").isPositive();
    }

    @Test
    void thePageAndParleysAppCallEachOtherInOneRoom() {
        Client page = open("page");
        join(page);
        assertTip(page, WAITING_TIP);
        Person app = stage.get().person("app");
        app.joinRoom(ROOM);
        app.awaitConnectedWithVideo();
        assertVideoFromThePage(app);
        SeedPages.assertRemoteVideoAdvancing(page.page(), ".remote-container video");
        assertTip(page, IN_CALL_TIP);
        app.close();
        page.page().context().close();
        clients.remove(page);

        Person first = stage.get().person("first");
        first.joinRoom(ROOM);
        first.awaitCallState("waiting");
        Client newcomer = open("newcomer");
        join(newcomer);
        assertTip(newcomer, CALL_TIP);
        callButton(newcomer).click();
        first.awaitConnectedWithVideo();
        assertVideoFromThePage(first);
        SeedPages.assertRemoteVideoAdvancing(newcomer.page(), ".remote-container video");
        assertThat(pageErrors).isEmpty();
    }

    /** The userId of the first {@code event} among socket.io frames, e.g. {@code 42["otherjoined",{"roomId":…,"userId":"x"}]}. */
    private static String userIdIn(List<String> frames, String event) {
        Pattern p = Pattern.compile("^42\\[\"" + event + "\",\\{.*\"userId\":\"([^\"]+)\".*\\}\\]$");
        for (String frame : frames) {
            Matcher m = p.matcher(frame);
            if (m.matches()) return m.group(1);
        }
        throw new AssertionError("no " + event + " with a userId among " + frames);
    }
}
