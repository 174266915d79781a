package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cluster.redis.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade of a three-node cluster during a call: every node in turn is stopped (SIGTERM)
 * and started again while two browsers, each behind a load balancer that prefers another node, are
 * in a call. Media runs browser to browser, so it must never stop; the signaling of each browser
 * whose node stopped must come back on another node as the same session (resumed, not restored),
 * its room and call intact; and the call can still renegotiate through the cluster afterwards.
 */
class RollingRestartTest {
    private static final String RESUME_KEY = "rolling-restart-resume-key-every-node-shares";
    private static final String ROOM = "rolling";
    /** A restart of one node (stop, start, the clients back) on a loaded two-core machine. */
    private static final Duration RESTART_BOUND = Duration.ofSeconds(40);

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final List<ClusterNode> nodes = new ArrayList<>();
    private RedisProcess redis;
    /** The node restart under way on another thread: waited for before cleaning up, so it starts no node after that. */
    private CompletableFuture<Void> restarting = CompletableFuture.completedFuture(null);

    @AfterEach
    void cleanUp() throws Exception {
        try {
            restarting.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // reported by the test itself
        }
        for (AutoCloseable c : closeAfter.reversed()) c.close();
    }

    @Test
    void everyNodeRestartsInTurnWhileTwoBrowsersOnDifferentNodesStayInACall() throws Exception {
        redis = RedisProcess.start();
        closeAfter.add(redis);
        List<Integer> ports = List.of(ClusterNode.freePort(), ClusterNode.freePort(), ClusterNode.freePort());
        // Alice's balancer prefers n1, then n3; Bob's n2, then n3. Restarted in the order n1, n3, n2,
        // the nodes move alice to n3 and back to n1, then bob to n3: the two are never on one node.
        Balancer aliceEntry = new Balancer(List.of(ports.get(0), ports.get(2), ports.get(1)));
        closeAfter.add(aliceEntry);
        Balancer bobEntry = new Balancer(List.of(ports.get(1), ports.get(2), ports.get(0)));
        closeAfter.add(bobEntry);
        // The pages come from the balancers' addresses: origins that are not the nodes' own.
        String origins = "http://127.0.0.1:" + aliceEntry.port() + ",http://127.0.0.1:" + bobEntry.port();
        for (int i = 0; i < 3; i++) {
            nodes.add(new ClusterNode("n" + (i + 1), ports.get(i), RESUME_KEY,
                    "--no-turn", "--redis", redis.uri(), "--allowed-origin", origins));
        }
        closeAfter.addAll(nodes);
        startAll();

        Chromium chromium = new Chromium();
        closeAfter.add(chromium);
        Person alice = chromium.person("alice", aliceEntry.url());
        closeAfter.add(alice);
        Person bob = chromium.person("bob", bobEntry.url());
        closeAfter.add(bob);
        Stage.meet(alice, bob, ROOM);
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
            int aliceResumed = count(alice, "resumed");
            int bobResumed = count(bob, "resumed");
            boolean aliceMoves = node.id.equals(aliceWas);
            boolean bobMoves = node.id.equals(bobWas);
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
            assertStateIntact(alice, aliceId, bob, bobId);
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
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsOnly(1012);
        }

        // The upgraded cluster still carries a renegotiation: alice shares her screen beside the camera.
        alice.page().click("#screen");
        bob.waitFor("() => document.getElementById('remote-shared').videoWidth > 0");
        alice.assertMediaFlowing();
        bob.assertMediaFlowing();
        assertStateIntact(alice, aliceId, bob, bobId);

        // Both say goodbye: after all the moving, nothing of theirs is left in Redis.
        for (Person p : List.of(alice, bob)) p.page().evaluate("() => window.parleyApp.parley.close()");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!leftovers().isEmpty() && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(leftovers()).as("keys left in Redis").isEmpty();
    }

    /** Keys besides the live cluster's own bookkeeping (its nodes, their inboxes, the reaper's lease, the seat counter). */
    private List<String> leftovers() {
        String keys = redis.command("EVAL", "return table.concat(redis.call('KEYS', '{parley}:*'), ' ')", "0");
        return java.util.Arrays.stream(keys.split(" ")).filter(k -> !k.isEmpty())
                .filter(k -> !k.matches("\\{parley\\}:(nodes|seq|reaper|in:.*)")).toList();
    }

    private void startAll() throws Exception {
        List<CompletableFuture<Void>> starts = nodes.stream().map(n -> CompletableFuture.runAsync(() -> {
            try {
                n.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).toList();
        for (var s : starts) s.get(60, TimeUnit.SECONDS);
    }

    /** SIGTERM, then the same node again on the same port, a moment later as after an upgrade. */
    private void restart(ClusterNode node) {
        try {
            Thread.sleep(1_000);
            node.stop();
            node.start();
            Thread.sleep(1_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node holding a session, as the cluster records it ("" while set aside). */
    private String nodeOf(String session) {
        return redis.command("HGET", "{parley}:s:" + session, "node");
    }

    /** The same sessions, in the room, on live nodes, the call up, and signaling relayed both ways across nodes. */
    private void assertStateIntact(Person alice, String aliceId, Person bob, String bobId) {
        for (var who : List.of(new Object[] {alice, aliceId}, new Object[] {bob, bobId})) {
            Person p = (Person) who[0];
            String id = (String) who[1];
            assertThat(session(p)).as(p.label + "'s session id").isEqualTo(id);
            assertThat(nodes.stream().map(n -> n.id)).as(p.label + "'s session is held by a node").contains(nodeOf(id));
            assertThat(redis.command("EVAL", "return table.concat(redis.call('ZRANGE', KEYS[1], 0, -1), ',')", "1",
                    "{parley}:s:" + id + ":rooms")).as(p.label + "'s rooms").isEqualTo(ROOM);
            assertThat(p.page().evaluate("() => document.body.dataset.callState")).as(p.label + "'s call").isEqualTo("connected");
            assertThat(count(p, "restored")).as(p.label + " never lost the session").isZero();
        }
        assertSignalingWorks(alice, bob);
        assertSignalingWorks(bob, alice);
    }

    private static void assertSignalingWorks(Person from, Person to) {
        String ping = "ping-" + System.nanoTime();
        from.page().evaluate("([r, p]) => window.parleyApp.parley.message(r, { ping: p })", List.of(ROOM, ping));
        to.waitFor("p => window.seen.some(e => e.type === 'message' && e.detail.data?.ping === p)", ping);
    }

    /** Each page records the SDK's events in window.seen. */
    private static void recordEvents(Person p) {
        p.page().evaluate("""
                () => { window.seen = [];
                  for (const t of ['reconnecting', 'resumed', 'restored', 'rejoined', 'room-lost', 'close', 'message', 'peer-away', 'peer-back', 'peer-left'])
                    window.parleyApp.parley.addEventListener(t, e => window.seen.push({ type: t, detail: e.detail })); }""");
    }

    private static int count(Person p, String type) {
        return ((Number) p.page().evaluate("t => window.seen.filter(e => e.type === t).length", type)).intValue();
    }

    private static boolean connected(Person p) {
        return (Boolean) p.page().evaluate("() => window.parleyApp.parley.connected");
    }

    private static String events(Person p) {
        return String.valueOf(p.page().evaluate(
                "() => JSON.stringify(window.seen.filter(e => e.type !== 'message').map(e => e.type + (e.detail?.code ? ':' + e.detail.code : '')))"));
    }

    private static String session(Person p) {
        return (String) p.page().evaluate("() => window.parleyApp.parley.session");
    }

    private String logs() {
        return String.join("\n", nodes.stream().map(ClusterNode::log).toList());
    }
}
