package dev.parley.server.dialect;

import static dev.parley.server.dialect.SeedPage.callBack;
import static dev.parley.server.dialect.SeedPage.callStart;
import static dev.parley.server.dialect.SeedPage.candidate;
import static dev.parley.server.dialect.SeedPage.description;
import static dev.parley.server.dialect.SeedPage.hangup;
import static dev.parley.server.dialect.SeedPage.ice;
import static dev.parley.server.dialect.SeedPage.received;
import static dev.parley.server.dialect.SeedPage.receivedDescription;
import static dev.parley.server.dialect.SeedPage.receivedIce;
import static dev.parley.server.dialect.SeedPage.system;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.Access;
import dev.parley.core.SessionGuards;
import dev.parley.core.SignalingConfig;
import dev.parley.core.testing.InMemoryNodes;
import dev.parley.core.testing.TestClient;
import dev.parley.protocol.HangupReason;
import dev.parley.protocol.Payload;
import dev.parley.protocol.ServerMessage.Accepted;
import dev.parley.protocol.ServerMessage.CallSignal;
import dev.parley.protocol.ServerMessage.HungUp;
import dev.parley.protocol.ServerMessage.Incoming;
import dev.parley.protocol.ServerMessage.Ringing;
import dev.parley.protocol.ServerMessage.Unavailable;
import dev.parley.protocol.UnavailableReason;
import dev.parley.server.dialect.DialectSession.Closing;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Seed 003's translation against the hub in process: what each page and each Parley client gets. */
class Seed003DialectTest {
    private InMemoryNodes nodes = new InMemoryNodes(SignalingConfig.defaults(), 1);
    private final Seed003Names names = new Seed003Names();

    @AfterEach
    void close() {
        nodes.close();
    }

    private FakePage page(String name) {
        FakePage p = new FakePage(nodes, names, name, null);
        assertThat(p.closed()).as("page %s closed", name).isNull();
        return p;
    }

    private TestClient parley(String name) {
        TestClient c = nodes.connect(0);
        c.hello(name);
        return c;
    }

    /** zs calls ls and ls accepts: both pages are in the call. */
    private void connected(FakePage caller, FakePage callee) {
        caller.says(callStart(caller.name, callee.name));
        callee.got(received("call_start", caller.name, "1"));
        callee.says(callBack(callee.name, caller.name, "1"));
        caller.got(received("call_back", callee.name, "1"));
    }

    @Test
    void twoPagesMakeTheSeedsWholeCall() {
        FakePage zs = page("zs");
        FakePage ls = page("ls");
        connected(zs, ls);
        String offer = SeedPage.sdp("1", 6_000);
        zs.says(description("offer", offer, "zs", "ls"));
        ls.got(receivedDescription("offer", "zs", offer));
        ls.says(description("answer", "v=0\r\nanswer", "ls", "zs"));
        zs.got(receivedDescription("answer", "ls", "v=0\r\nanswer"));
        String c1 = candidate("candidate:1 1 udp 2122260223 127.0.0.1 60155 typ host", "Ex36");
        ls.says(ice("ls", "zs", c1));
        zs.got(receivedIce("ls", c1));
        zs.says(ice("zs", "ls", c1));
        ls.got(receivedIce("zs", c1));
        ls.says(hangup("ls", "zs"));
        zs.got(received("hangup", "ls", "对方挂断!"));
        ls.gotNothing();
        // The page's hangup button answers the hangup; the other's ICE may trickle on: quiet.
        zs.says(hangup("zs", "ls")).says(ice("zs", "ls", c1));
        zs.gotNothing();
        ls.gotNothing();
    }

    @Test
    void aRefusalReachesTheCallerAsZero() {
        FakePage zs = page("zs");
        FakePage ls = page("ls");
        zs.says(callStart("zs", "ls"));
        ls.got(received("call_start", "zs", "1"));
        ls.says(callBack("ls", "zs", "0"));
        zs.got(received("call_back", "ls", "0"));
        zs.says(callStart("zs", "ls")); // and they can try again
        ls.got(received("call_start", "zs", "1"));
    }

    @Test
    void calleeNamesMatchWithoutRegardToCase() {
        FakePage zs = page("zs");
        FakePage ls = page("Ls");
        zs.says(callStart("zs", "ls"));
        ls.got(received("call_start", "zs", "1"));
        ls.says(callBack("Ls", "ZS", "1"));
        zs.got(received("call_back", "ls", "1")); // the other party as this page typed it
    }

    @Test
    void someoneOfflineOrNoNameAtAllGetsTheSeedsText() {
        FakePage zs = page("zs");
        zs.says(callStart("zs", "nobody"));
        zs.got(system("Sorry,呼叫的用户不在线!"));
        zs.says(callStart("zs", "no/such name"));
        zs.got(system("Sorry,呼叫的用户不在线!"));
        zs.says(description("offer", "v=0", "zs", "ls")); // to someone it has no call with
        zs.got(system("Sorry,呼叫的用户不在线!"));
    }

    @Test
    void chineseNamesCallEachOther() {
        FakePage zhang = page("张三");
        FakePage li = page("李四");
        connected(zhang, li);
    }

    @Test
    void busyIsACallBackFromTheSystem() {
        FakePage zs = page("zs");
        FakePage ls = page("ls");
        FakePage ww = page("ww");
        connected(zs, ls);
        ww.says(callStart("ww", "ls"));
        ww.got(system(Seed003Texts.BUSY));
        zs.gotNothing();
        ls.gotNothing();
    }

    @Test
    void callingYourselfOrCallingWhileInACallIsRefusedWithAText() {
        FakePage zs = page("zs");
        FakePage ls = page("ls");
        page("ww");
        zs.says(callStart("zs", "zs"));
        zs.got(system(Seed003Texts.SELF));
        connected(zs, ls);
        zs.says(callStart("zs", "ww"));
        zs.got(system(Seed003Texts.IN_CALL));
        zs.says(callStart("zs", "ls")); // the call button again, same person: nothing new
        zs.gotNothing();
        ls.gotNothing();
    }

    @Test
    void aCallNobodyAnswersTimesOutOnBothSides() {
        FakePage zs = page("zs");
        FakePage ls = page("ls");
        zs.says(callStart("zs", "ls"));
        ls.got(received("call_start", "zs", "1"));
        nodes.advance(SignalingConfig.DEFAULT_CALL_TIMEOUT);
        zs.got(system(Seed003Texts.NO_ANSWER));
        ls.got(received("hangup", "zs", Seed003Texts.TIMED_OUT));
        ls.says(callBack("ls", "zs", "1")); // confirm() clicked too late
        zs.gotNothing();
        ls.gotNothing();
    }

    @Test
    void aCallerThatLeavesWhileItRingsHangsUpTheCallee() {
        FakePage zs = page("zs");
        FakePage ls = page("ls");
        zs.says(callStart("zs", "ls"));
        ls.got(received("call_start", "zs", "1"));
        zs.leaves();
        ls.got(received("hangup", "zs", Seed003Texts.DISCONNECTED));
    }

    @Test
    void aCalleeThatLeavesWhileItRingsIsOfflineForTheCaller() {
        FakePage zs = page("zs");
        FakePage ls = page("ls");
        zs.says(callStart("zs", "ls"));
        ls.leaves();
        zs.got(system("Sorry,呼叫的用户不在线!"));
    }

    @Test
    void aPageThatLeavesACallHangsUpTheOther() {
        FakePage zs = page("zs");
        FakePage ls = page("ls");
        connected(zs, ls);
        ls.leaves();
        zs.got(received("hangup", "ls", Seed003Texts.DISCONNECTED));
        zs.says(hangup("zs", "ls")); // the page's answer, to someone now offline: quiet all the same
        zs.gotNothing();
    }

    @Test
    void aParleyClientCallsAPageAndTheyExchangeTheJsSdksPayloads() {
        TestClient alice = parley("alice");
        FakePage zs = page("zs");
        var ringing = (Ringing) alice.call("zs");
        zs.got(received("call_start", "alice", "1"));
        zs.says(callBack("zs", "alice", "1"));
        assertThat(alice.skipTo(Accepted.class).call()).isEqualTo(ringing.call());

        alice.callSignal(ringing.call(), Payload.parse("{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=alice\"}}"));
        zs.got(receivedDescription("offer", "alice", "v=0\r\no=alice"));
        zs.says(description("answer", "v=0\r\no=zs", "zs", "alice"));
        assertThat(alice.next(CallSignal.class).data().json())
                .isEqualTo("{\"description\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=zs\"}}");

        String c = "{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"u1\"}";
        alice.callSignal(ringing.call(), Payload.parse("{\"candidate\":" + c + "}"));
        zs.got(receivedIce("alice", c));
        zs.says(ice("zs", "alice", c));
        assertThat(alice.next(CallSignal.class).data().json()).isEqualTo("{\"candidate\":" + c + "}");

        // The SDK's other payloads, and shapes that are not SDP or ICE, do not reach the page.
        alice.callSignal(ringing.call(), Payload.parse("{\"t\":\"state\",\"mic\":true}"));
        alice.callSignal(ringing.call(), Payload.parse("{\"description\":{\"type\":\"rollback\"}}"));
        alice.callSignal(ringing.call(), Payload.parse("[1,2]"));
        alice.callSignal(ringing.call(), Payload.parse("{\"candidate\":{\"candidate\":7}}"));
        zs.gotNothing();
        // The flat forms other Parley clients may use are read too.
        alice.callSignal(ringing.call(), Payload.parse("{\"type\":\"offer\",\"sdp\":\"v=0 again\"}"));
        zs.got(receivedDescription("offer", "alice", "v=0 again"));
        alice.callSignal(ringing.call(), Payload.parse("{\"candidate\":\"candidate:2\",\"sdpMid\":null,\"sdpMLineIndex\":1}"));
        zs.got(receivedIce("alice", "{\"candidate\":\"candidate:2\",\"sdpMLineIndex\":1}"));

        zs.says(hangup("zs", "alice"));
        HungUp h = alice.next(HungUp.class);
        assertThat(h.by()).isEqualTo("zs");
        assertThat(h.reason()).isEqualTo(HangupReason.HANGUP);
        zs.gotNothing();
    }

    @Test
    void aPageCallsAParleyClient() {
        TestClient alice = parley("alice");
        FakePage zs = page("zs");
        zs.says(callStart("zs", "Alice"));
        Incoming in = alice.skipTo(Incoming.class);
        assertThat(in.from()).isEqualTo("zs");
        alice.accept(in.call());
        zs.got(received("call_back", "Alice", "1")); // as the page typed it
        zs.says(description("offer", "v=0 zs", "zs", "alice"));
        assertThat(alice.next(CallSignal.class).data().json()).isEqualTo("{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0 zs\"}}");
        alice.callSignal(in.call(), Payload.parse("{\"description\":{\"type\":\"answer\",\"sdp\":\"v=0 alice\"}}"));
        zs.got(receivedDescription("answer", "Alice", "v=0 alice"));
        alice.hangup(in.call());
        zs.got(received("hangup", "Alice", "对方挂断!"));
    }

    @Test
    void aParleyClientThatRejectsOrCancelsIsTranslated() {
        TestClient alice = parley("alice");
        FakePage zs = page("zs");
        zs.says(callStart("zs", "alice"));
        alice.reject(alice.skipTo(Incoming.class).call(), "in a meeting");
        zs.got(received("call_back", "alice", "0"));

        var ringing = (Ringing) alice.call("zs");
        zs.got(received("call_start", "alice", "1"));
        alice.hangup(ringing.call());
        zs.got(received("hangup", "alice", "对方挂断!"));
        zs.says(callBack("zs", "alice", "1")); // confirm() answered after the caller gave up
        zs.gotNothing();
        alice.expectNothing();
    }

    @Test
    void aPageAsCalleeHangingUpARingingCallRejectsIt() {
        TestClient alice = parley("alice");
        FakePage zs = page("zs");
        var ringing = (Ringing) alice.call("zs");
        zs.says(hangup("zs", "alice"));
        assertThat(alice.skipTo(dev.parley.protocol.ServerMessage.Rejected.class).call()).isEqualTo(ringing.call());
    }

    @Test
    void aParleyClientCallingABusyPageHearsBusy() {
        TestClient alice = parley("alice");
        FakePage zs = page("zs");
        FakePage ls = page("ls");
        connected(zs, ls);
        assertThat(((Unavailable) alice.call("zs")).reason()).isEqualTo(UnavailableReason.BUSY);
        zs.gotNothing();
    }

    @Test
    void badInputReachesNobodyAndTheSessionCarriesOn() {
        FakePage zs = page("zs");
        FakePage ls = page("ls");
        connected(zs, ls);
        for (String bad : new String[] {"not json", "[1]", "{\"type\":\"call_start\"", "{\"type\":\"chat\",\"toUser\":\"ls\"}",
                "{\"type\":7,\"toUser\":\"ls\"}", "{\"type\":\"offer\",\"toUser\":\"ls\"}", "{\"type\":\"offer\",\"toUser\":\"ls\",\"sdp\":5}",
                "{\"type\":\"_ice\",\"toUser\":\"ls\",\"iceCandidate\":\"x\"}",
                "{\"type\":\"_ice\",\"toUser\":\"ls\",\"iceCandidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":-1}}",
                "{\"type\":\"call_back\",\"toUser\":\"ls\",\"msg\":1}", "{\"type\":\"hangup\"}", "{\"type\":\"hangup\",\"toUser\":\"ls\",\"toUser\":\"ww\"}",
                "{\"type\":\"hangup\",\"toUser\":\"ls\",\"fromUser\":[]}", "{\"type\":\"hangup\",\"toUser\":\"ls\"} {}"}) {
            zs.says(bad);
        }
        zs.gotNothing();
        ls.gotNothing();
        zs.says(description("offer", "v=0", "zs", "ls"));
        ls.got(receivedDescription("offer", "zs", "v=0"));
    }

    @Test
    void aFloodOfBadInputOrOfQuietMessagesClosesThePage() {
        nodes.close();
        nodes = new InMemoryNodes(SignalingConfig.defaults().withGuards(new SessionGuards(Duration.ofSeconds(5), 1, 5, 10)), 1);
        FakePage zs = page("zs");
        for (int i = 0; i < 20 && zs.closed() == null; i++) zs.says("not json");
        assertThat(zs.awaitClosed().how()).isEqualTo(Closing.POLICY);

        FakePage ls = page("ls");
        for (int i = 0; i < 20 && ls.closed() == null; i++) ls.says(hangup("ls", "zs")); // about no call with anyone online
        assertThat(ls.awaitClosed().how()).isEqualTo(Closing.POLICY);
        assertThat(ls.drain()).as("answers within the budget only").hasSizeLessThan(6);

        nodes.advance(Duration.ofSeconds(10)); // the budget of the next two refills meanwhile
        FakePage ww = page("ww");
        FakePage ml = page("ml");
        ww.says(callStart("ww", "ml"));
        ml.got(received("call_start", "ww", "1"));
        ml.says(callBack("ml", "ww", "0"));
        ww.got(received("call_back", "ml", "0"));
        for (int i = 0; i < 20 && ww.closed() == null; i++) ww.says(hangup("ww", "ml")); // about the call just over
        assertThat(ww.awaitClosed().how()).as("quiet messages cost the budget too").isEqualTo(Closing.POLICY);
        assertThat(ww.drain()).isEmpty();
        ml.gotNothing();
    }

    @Test
    void theLastConnectionUnderANameWins() {
        FakePage zs = page("zs");
        FakePage ls = page("ls");
        connected(zs, ls);
        FakePage zsAgain = page("zs");
        assertThat(zs.awaitClosed()).isEqualTo(new FakePage.Closed(Closing.REPLACED, "a newer connection took the name 'zs'"));
        ls.got(received("hangup", "zs", Seed003Texts.DISCONNECTED));
        assertThat(zsAgain.isOnline()).isTrue();
        assertThat(names.holder(dev.parley.core.Names.key("zs"))).isSameAs(zsAgain.dialect());
        connected(ls, zsAgain);
        zs.gotNothing();
    }

    @Test
    void aNameHeldByAParleyClientIsNotTaken() {
        TestClient alice = parley("alice");
        FakePage page = new FakePage(nodes, names, "ALICE", null);
        assertThat(page.awaitClosed().how()).isEqualTo(Closing.POLICY);
        assertThat(page.awaitClosed().reason()).contains("'ALICE'").contains("another client");
        FakePage zs = page("zs");
        zs.says(callStart("zs", "alice"));
        assertThat(alice.skipTo(Incoming.class).from()).isEqualTo("zs");
    }

    @Test
    void aNameThatBreaksParleysRulesIsClosedWithTheReason() {
        assertThat(new FakePage(nodes, names, "a/b", null).awaitClosed().reason()).startsWith("invalid user name");
        assertThat(new FakePage(nodes, names, "", null).awaitClosed().reason()).startsWith("invalid user name");
        // Latin with a Cyrillic 'а': refused by the hub's look-alike rule.
        assertThat(new FakePage(nodes, names, "\u0430lice", null).awaitClosed().reason()).startsWith("hello refused");
    }

    @Test
    void inTokenModeThePageBringsItsTokenInTheUrl() {
        nodes.close();
        Access tokens = (name, token) -> {
            if (token == null) throw Access.unauthorized("this server needs an access token in hello");
            if (!token.equals("good." + name)) throw Access.unauthorized("the access token is not valid");
            return new Access.Grant(name, room -> false, true);
        };
        nodes = new InMemoryNodes(SignalingConfig.defaults(), tokens, 1);
        FakePage none = new FakePage(nodes, names, "zs", null);
        assertThat(none.awaitClosed().reason()).contains("?token=");
        FakePage wrong = new FakePage(nodes, names, "zs", "good.ls");
        assertThat(wrong.awaitClosed().reason()).startsWith("unauthorized");
        FakePage zs = new FakePage(nodes, names, "zs", "good.zs");
        FakePage ls = new FakePage(nodes, names, "ls", "good.ls");
        assertThat(zs.closed()).isNull();
        connected(zs, ls);
    }
}
