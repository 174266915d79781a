package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cluster.redis.ClusterNode;
import dev.parley.cluster.redis.Leftovers;
import dev.parley.cluster.redis.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade of a three-node cluster during a call: every node in turn is stopped (SIGTERM)
 * and started again while two browsers, each behind a load balancer that prefers another node, are
 * in a call on different nodes. Media runs browser to browser, so it must never stop; each browser
 * whose node stopped must be told to reconnect (1012) and come back on another node as the same
 * session (resumed, not restored), its room or call intact; and the call can still renegotiate
 * through the cluster afterwards. Once for a room call, once for a direct call by name.
 */
class RollingRestartTest {
    private static final String RESUME_KEY = "rolling-restart-resume-key-every-node-shares";
    /** A restart of one node (stop, start, the clients back) on a loaded two-core machine. */
    private static final Duration RESTART_BOUND = Duration.ofSeconds(40);

    private static RedisProcess redis;
    private static final List<ClusterNode> nodes = new ArrayList<>();
    private static Balancer aliceEntry;
    private static Balancer bobEntry;
    private static Chromium chromium;

    private final List<Person> people = new ArrayList<>();
    /** The node restart under way on another thread: waited for before cleaning up, so it starts no node after that. */
    private CompletableFuture<Void> restarting = CompletableFuture.completedFuture(null);

    @BeforeAll
    static void startCluster() throws Exception {
        redis = RedisProcess.start();
        List<Integer> ports = List.of(ClusterNode.freePort(), ClusterNode.freePort(), ClusterNode.freePort());
        // Alice's balancer prefers n1, then n3; Bob's n2, then n3. Restarted in the order n1, n3, n2,
        // the nodes move alice to n3 and back to n1, then bob to n3: the two are never on one node.
        aliceEntry = new Balancer(List.of(ports.get(0), ports.get(2), ports.get(1)));
        bobEntry = new Balancer(List.of(ports.get(1), ports.get(2), ports.get(0)));
        // The pages come from the balancers' addresses: origins that are not the nodes' own.
        String origins = "http://127.0.0.1:" + aliceEntry.port() + ",http://127.0.0.1:" + bobEntry.port();
        for (int i = 0; i < 3; i++) {
            nodes.add(new ClusterNode("n" + (i + 1), ports.get(i), RESUME_KEY,
                    "--no-turn", "--redis", redis.uri(), "--allowed-origin", origins));
        }
        List<CompletableFuture<Void>> starts = nodes.stream().map(n -> CompletableFuture.runAsync(() -> {
            try {
                n.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).toList();
        for (var s : starts) s.get(60, TimeUnit.SECONDS);
        chromium = new Chromium();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (chromium != null) chromium.close();
        nodes.forEach(ClusterNode::close);
        if (aliceEntry != null) aliceEntry.close();
        if (bobEntry != null) bobEntry.close();
        if (redis != null) redis.close();
    }

    @AfterEach
    void closePeople() throws InterruptedException {
        try {
            restarting.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // reported by the test itself
        }
        people.forEach(Person::close);
    }

    @Test
    void aRoomCallGoesOnWhileEveryNodeRestartsInTurn() throws Exception {
        String room = "rolling";
        Person alice = person("alice", aliceEntry);
        Person bob = person("bob", bobEntry);
        Stage.meet(alice, bob, room);
        rollThrough(alice, bob, (from, to) -> {
            for (Person p : List.of(from, to)) {
                assertThat(redis.command("EVAL", "return table.concat(redis.call('ZRANGE', KEYS[1], 0, -1), ',')", "1",
                        "{parley}:s:" + session(p) + ":rooms")).as(p.label + "'s rooms").isEqualTo(room);
            }
            String ping = "ping-" + System.nanoTime();
            from.page().evaluate("([r, p]) => window.parleyApp.parley.message(r, { ping: p })", List.of(room, ping));
            to.waitFor("p => window.seen.some(e => e.type === 'message' && e.detail.data?.ping === p)", ping);
        });
    }

    @Test
    void aDirectCallGoesOnWhileEveryNodeRestartsInTurn() throws Exception {
        Person alice = person("alice", aliceEntry);
        Person bob = person("bob", bobEntry);
        Stage.ring(alice, bob);
        bob.page().click("#accept");
        alice.awaitConnectedWithVideo();
        bob.awaitConnectedWithVideo();
        String call = callId(alice);
        assertThat(callId(bob)).isEqualTo(call);
        rollThrough(alice, bob, (from, to) -> {
            for (Person p : List.of(from, to)) assertThat(callId(p)).as(p.label + "'s call, never rung again").isEqualTo(call);
            assertThat(redis.command("SISMEMBER", "{parley}:calls", call)).as("the cluster still has the call").isEqualTo("1");
            String ping = "ping-" + System.nanoTime();
            from.page().evaluate("([c, p]) => window.parleyApp.parley.signalCall(c, { ping: p })", List.of(call, ping));
            to.waitFor("p => window.seen.some(e => e.type === 'signal' && e.detail.data?.ping === p)", ping);
        });
    }

    /** What a call of one kind must still be after a restart; signaling relayed from one to the other among it. */
    private interface Intact {
        void check(Person from, Person to);
    }

    /**
     * Restarts n1, n3 and n2 in turn while sampling both browsers' media, checks after each restart
     * that everything is as it was, then renegotiates the call (alice shares her screen beside her
     * camera), and finally both say goodbye and the cluster forgets them.
     */
    private void rollThrough(Person alice, Person bob, Intact intact) throws Exception {
        for (Person p : List.of(alice, bob)) recordEvents(p);
        String aliceId = session(alice);
        String bobId = session(bob);
        assertThat(nodeOf(aliceId)).as("alice's session, through her balancer").isEqualTo("n1");
        assertThat(nodeOf(bobId)).as("bob's session, through his").isEqualTo("n2");

        MediaTimeline aliceMedia = new MediaTimeline(alice);
        MediaTimeline bobMedia = new MediaTimeline(bob);
        MediaTimeline.sampleFor(Duration.ofSeconds(1), aliceMedia, bobMedia);
        for (ClusterNode node : List.of(nodes.get(0), nodes.get(2), nodes.get(1))) {
            String aliceWas = nodeOf(aliceId);
            String bobWas = nodeOf(bobId);
            boolean aliceMoves = node.id.equals(aliceWas);
            boolean bobMoves = node.id.equals(bobWas);
            int aliceResumed = count(alice, "resumed");
            int bobResumed = count(bob, "resumed");
            CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> restart(node));
            restarting = restart;
            // Playwright's pages belong to this thread: it samples the media while another restarts the node.
            boolean back = MediaTimeline.sampleUntil(() -> restart.isDone()
                    && (!aliceMoves || count(alice, "resumed") > aliceResumed)
                    && (!bobMoves || count(bob, "resumed") > bobResumed)
                    && connected(alice) && connected(bob), RESTART_BOUND, aliceMedia, bobMedia);
            if (restart.isDone()) restart.join(); // its failure, if any, first
            assertThat(back).as("after %s restarted: alice %s, bob %s; logs:%n%s", node.id, events(alice), events(bob), logs()).isTrue();
            String aliceNow = nodeOf(aliceId);
            String bobNow = nodeOf(bobId);
            System.out.printf("%s restarted: alice %s -> %s, bob %s -> %s%n", node.id, aliceWas, aliceNow, bobWas, bobNow);
            if (aliceMoves) assertThat(aliceNow).as("alice moved to another node").isNotEqualTo(node.id);
            if (bobMoves) assertThat(bobNow).as("bob moved to another node").isNotEqualTo(node.id);
            assertThat(aliceNow).as("alice and bob on different nodes").isNotEqualTo(bobNow);
            assertThat(count(alice, "resumed")).as("alice resumed once if her node stopped").isEqualTo(aliceResumed + (aliceMoves ? 1 : 0));
            assertThat(count(bob, "resumed")).as("bob resumed once if his node stopped").isEqualTo(bobResumed + (bobMoves ? 1 : 0));
            assertIntact(alice, aliceId, bob, bobId, intact);
        }
        MediaTimeline.sampleFor(Duration.ofSeconds(1), aliceMedia, bobMedia);
        System.out.printf("media sampled %d and %d times, at most %d and %d ms apart; alice saw %s, bob %s%n",
                aliceMedia.samples(), bobMedia.samples(), aliceMedia.longestGap().toMillis(), bobMedia.longestGap().toMillis(),
                events(alice), events(bob));
        aliceMedia.assertNeverStalled(Duration.ofSeconds(1));
        bobMedia.assertNeverStalled(Duration.ofSeconds(1));
        assertThat(count(alice, "resumed")).as("alice's node stopped twice (n1, then n3)").isEqualTo(2);
        assertThat(count(bob, "resumed")).as("bob's node stopped once (n2)").isEqualTo(1);
        for (Person p : List.of(alice, bob)) {
            assertThat(p.page().evaluate("() => window.seen.filter(e => e.type === 'reconnecting').map(e => e.detail.code)"))
                    .as(p.label + " was told each time to reconnect: 1012, service restart, not a dropped connection")
                    .asInstanceOf(InstanceOfAssertFactories.LIST).containsOnly(1012);
        }

        // The upgraded cluster still carries a renegotiation across nodes: a screen beside the camera.
        alice.page().click("#screen");
        bob.waitFor("() => document.getElementById('remote-shared').videoWidth > 0");
        for (Person p : List.of(alice, bob)) p.waitFor("() => window.parleyApp.call.pc.signalingState === 'stable'");
        alice.assertMediaFlowing();
        bob.assertMediaFlowing();
        assertIntact(alice, aliceId, bob, bobId, intact);

        // Both say goodbye: after all the moving, nothing of theirs is left in Redis.
        for (Person p : List.of(alice, bob)) p.page().evaluate("() => window.parleyApp.parley.close()");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!leftovers().isEmpty() && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(leftovers()).as("keys left in Redis").isEmpty();
    }

    /** The same sessions on live nodes, the call up and never lost, and what the call's kind keeps, signaling both ways across nodes. */
    private void assertIntact(Person alice, String aliceId, Person bob, String bobId, Intact intact) {
        assertThat(session(alice)).as("alice's session id").isEqualTo(aliceId);
        assertThat(session(bob)).as("bob's session id").isEqualTo(bobId);
        for (Person p : List.of(alice, bob)) {
            assertThat(nodes.stream().map(n -> n.id)).as(p.label + "'s session is held by a node").contains(nodeOf(session(p)));
            assertThat(p.page().evaluate("() => document.body.dataset.callState")).as(p.label + "'s call").isEqualTo("connected");
            assertThat(count(p, "restored")).as(p.label + " never lost the session").isZero();
        }
        intact.check(alice, bob);
        intact.check(bob, alice);
        // Told after the other's ping, so already here: whoever went away came back.
        for (Person p : List.of(alice, bob)) {
            assertThat(count(p, "peer-back")).as(p.label + " heard the other back after each time away").isEqualTo(count(p, "peer-away"));
        }
    }

    private Person person(String label, Balancer entry) {
        Person p = chromium.person(label, entry.url());
        people.add(p);
        return p;
    }

    /** A moment of media sampled first, then SIGTERM, then the same node again on the same port, as after an upgrade. */
    private static void restart(ClusterNode node) {
        try {
            Thread.sleep(500);
            node.stop();
            node.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node holding a session, as the cluster records it ("" while set aside). */
    private static String nodeOf(String session) {
        return redis.command("HGET", "{parley}:s:" + session, "node");
    }

    private static List<String> leftovers() {
        return Leftovers.in(redis);
    }

    /** Each page records the SDK's events in window.seen. */
    private static void recordEvents(Person p) {
        p.page().evaluate("""
                () => { window.seen = [];
                  for (const t of ['reconnecting', 'resumed', 'restored', 'rejoined', 'room-lost', 'close', 'message', 'signal',
                                   'peer-away', 'peer-back', 'peer-left', 'call-ended'])
                    window.parleyApp.parley.addEventListener(t, e => window.seen.push({ type: t, detail: e.detail, at: Math.round(performance.now()) })); }""");
    }

    private static int count(Person p, String type) {
        return ((Number) p.page().evaluate("t => window.seen.filter(e => e.type === t).length", type)).intValue();
    }

    private static boolean connected(Person p) {
        return (Boolean) p.page().evaluate("() => window.parleyApp.parley.connected");
    }

    /** The SDK's events but messages and signals, with the page's clock in ms, for a failure message or the log. */
    private static String events(Person p) {
        return String.valueOf(p.page().evaluate("""
                () => JSON.stringify(window.seen.filter(e => e.type !== 'message' && e.type !== 'signal')
                  .map(e => e.type + (e.detail?.code ? ':' + e.detail.code : '') + '@' + e.at))"""));
    }

    private static String session(Person p) {
        return (String) p.page().evaluate("() => window.parleyApp.parley.session");
    }

    private static String callId(Person p) {
        return (String) p.page().evaluate("() => window.parleyApp.call?.call");
    }

    private static String logs() {
        return String.join("\n", nodes.stream().map(ClusterNode::log).toList());
    }
}
