package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.Listener;
import dev.parley.client.ParleyClient;
import dev.parley.core.SessionGuards;
import dev.parley.core.SignalingConfig;
import dev.parley.protocol.Payload;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.Signal;
import dev.parley.server.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 5,000 relayed messages between three whole servers on one real Redis, every one accounted for:
 * each receiver gets exactly what was meant for it (the right room; signals only by the one they
 * name), each sender's in the order sent, none twice, none missing; members of other rooms and
 * bystanders get nothing.
 */
class ClusterRelayTest {
    @RegisterExtension
    static final ClusterFixture cluster = new ClusterFixture();

    private static final int NODES = 3;
    private static final int PER_SENDER = 625;
    /** Generous for 5,000 sends on two shared cores; it took 4-6 s when written, on a busy machine. */
    private static final Duration DELIVERY_BOUND = Duration.ofSeconds(15);
    /** Extra time to wait after the last expected message, for any duplicate or stray one to show up. */
    private static final Duration STRAGGLERS = Duration.ofMillis(500);
    private static final Pattern PAYLOAD = Pattern.compile("\\{\"s\":(\\d+),\"n\":(\\d+)}");

    /**
     * Who sits where: room → members. Client i is on node i % 3, so every room spans all three
     * nodes, and five members sit in two rooms (what is meant for one must not leak to the other).
     */
    private static final Map<String, List<Integer>> ROOMS = Map.of(
            "alpha", List.of(0, 1, 2, 3, 4),
            "beta", List.of(3, 4, 5, 6, 7),
            "gamma", List.of(6, 7, 8, 9, 0));
    /** Clients 0..9 sit in the rooms above. */
    private static final int MEMBERS = 10;
    /** Clients 10..12, bystanders, one per node, sit in a room of their own that nobody sends to. */
    private static final String QUIET = "quiet";
    /** Sender → the rooms it sends in, in turn; 8 senders x 625 = 5,000 messages. */
    private static final Map<Integer, List<String>> SENDERS = Map.of(
            0, List.of("alpha"),
            2, List.of("alpha"),
            4, List.of("alpha", "beta"),
            3, List.of("beta"),
            5, List.of("beta"),
            6, List.of("beta", "gamma"),
            8, List.of("gamma"),
            9, List.of("gamma"));


    /** One relayed payload as its receiver saw it. */
    private record Got(String kind, String room, int sender, int n) { }

    /** Records every relayed payload and anything else unexpected a client is sent. */
    private static final class Received implements Listener {
        final ConcurrentLinkedQueue<ServerMessage> relayed = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<ServerMessage> errors = new ConcurrentLinkedQueue<>();
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void onMessage(ParleyClient client, ServerMessage message) {
            switch (message) {
                case Message m -> record(m);
                case Signal s -> record(s);
                case ServerMessage.ErrorReply e -> errors.add(e);
                default -> { } // peer-joined and presence while the rooms fill
            }
        }

        private void record(ServerMessage m) {
            relayed.add(m);
            count.incrementAndGet();
        }
    }

    @Test
    void fiveThousandMessagesBetweenThreeNodesArriveExactlyOnceWhereMeantInOrder() throws Exception {
        var d = SignalingConfig.defaults();
        // One load generator, thousands of messages a second from one session: the per-session rate
        // limit (for the internet) would refuse most of them.
        var signaling = TestServer.shortGrace(new SignalingConfig(8, d.maxRoomsPerSession(), d.callTimeout(), d.maxFrameBytes(),
                d.iceServers(), new SessionGuards(SessionGuards.DEFAULT_HELLO_TIMEOUT, 1_000_000, 1_000_000, 100)));
        List<TestServer> nodes = cluster.nodes(NODES, signaling);

        List<ParleyClient> members = new ArrayList<>();
        List<Received> inboxes = new ArrayList<>();
        for (int i = 0; i < MEMBERS + NODES; i++) {
            var inbox = new Received();
            // Half acknowledge (so every frame to them is also copied for a resume, as for the web
            // app), half do not: both delivery paths carry the load.
            var c = nodes.get(i % NODES).builder().listener(inbox).acknowledge(i % 2 == 0).connect();
            nodes.get(i % NODES).track(c);
            members.add(c);
            inboxes.add(inbox);
        }
        for (var room : ROOMS.entrySet()) {
            for (int m : room.getValue()) {
                assertThat(members.get(m).join(room.getKey()).get(5, TimeUnit.SECONDS)).isInstanceOf(Joined.class);
            }
        }
        List<Integer> bystanders = new ArrayList<>();
        for (int b = MEMBERS; b < MEMBERS + NODES; b++) {
            bystanders.add(b);
            assertThat(members.get(b).join(QUIET).get(5, TimeUnit.SECONDS)).isInstanceOf(Joined.class);
        }

        // What each member must get, from each sender, in order: every room message of a room it
        // sits in (but its own), and the signals that name it.
        Map<Integer, Map<Integer, List<Got>>> expected = new HashMap<>();
        for (int i = 0; i < members.size(); i++) expected.put(i, new HashMap<>());
        Map<Integer, List<Runnable>> sends = new HashMap<>();
        for (var sender : SENDERS.entrySet()) {
            int s = sender.getKey();
            List<Runnable> plan = new ArrayList<>();
            for (int n = 0; n < PER_SENDER; n++) {
                String room = sender.getValue().get(n % sender.getValue().size());
                List<Integer> others = ROOMS.get(room).stream().filter(m -> m != s).toList();
                Payload data = Payload.parse("{\"s\":" + s + ",\"n\":" + n + "}");
                ParleyClient from = members.get(s);
                if (n % 3 == 2) {
                    int to = others.get((n / 3) % others.size());
                    String toId = members.get(to).sessionId();
                    expect(expected, to, new Got("signal", room, s, n));
                    plan.add(() -> from.signal(room, toId, data));
                } else {
                    for (int m : others) expect(expected, m, new Got("message", room, s, n));
                    plan.add(() -> from.message(room, data));
                }
            }
            sends.put(s, plan);
        }
        int total = sends.values().stream().mapToInt(List::size).sum();
        assertThat(total).isEqualTo(5_000);

        // Senders take turns, one message each, so all eight stream at once through every node.
        for (int n = 0; n < PER_SENDER; n++) {
            for (var plan : sends.values()) plan.get(n).run();
        }

        long deadline = System.nanoTime() + DELIVERY_BOUND.toNanos();
        for (int i = 0; i < members.size(); i++) {
            int want = expected.get(i).values().stream().mapToInt(List::size).sum();
            while (inboxes.get(i).count.get() < want && System.nanoTime() < deadline) Thread.sleep(10);
        }
        Thread.sleep(STRAGGLERS.toMillis());

        Map<String, Integer> senderOf = new HashMap<>();
        for (int s : SENDERS.keySet()) senderOf.put(members.get(s).sessionId(), s);
        int delivered = 0;
        for (int i = 0; i < members.size(); i++) {
            Received inbox = inboxes.get(i);
            assertThat(inbox.errors).as("errors member %d was sent", i).isEmpty();
            Map<Integer, List<Got>> got = new HashMap<>();
            for (ServerMessage m : inbox.relayed) {
                Got g = switch (m) {
                    case Message msg -> got("message", msg.room(), msg.from(), msg.data(), senderOf);
                    case Signal sig -> got("signal", sig.room(), sig.from(), sig.data(), senderOf);
                    default -> throw new AssertionError(m);
                };
                got.computeIfAbsent(g.sender(), k -> new ArrayList<>()).add(g);
            }
            if (bystanders.contains(i)) assertThat(got).as("bystander %d, on node %d", i, i % NODES).isEmpty();
            // Per sender: the same list, in the same order, is no loss, duplication, misrouting or reordering.
            assertThat(difference(expected.get(i), got)).as("how what member %d (node %d) got differs", i, i % NODES).isEmpty();
            delivered += inbox.count.get();
        }
        // 5,000 sent fan out to 15,008 deliveries (a room message reaches four members).
        assertThat(delivered).as("relayed frames delivered in all").isEqualTo(15_008);
    }

    /** Per sender, briefly: how many were meant and came, and the first place they part. */
    private static String difference(Map<Integer, List<Got>> meant, Map<Integer, List<Got>> came) {
        StringBuilder out = new StringBuilder();
        for (int s : SENDERS.keySet()) {
            List<Got> m = meant.getOrDefault(s, List.of());
            List<Got> c = came.getOrDefault(s, List.of());
            if (m.equals(c)) continue;
            int at = 0;
            while (at < Math.min(m.size(), c.size()) && m.get(at).equals(c.get(at))) at++;
            out.append(String.format("%nfrom sender %d: %d meant, %d came; first difference at #%d: meant %s, came %s",
                    s, m.size(), c.size(), at, at < m.size() ? m.get(at) : "nothing", at < c.size() ? c.get(at) : "nothing"));
        }
        return out.toString();
    }

    private static void expect(Map<Integer, Map<Integer, List<Got>>> expected, int member, Got g) {
        expected.get(member).computeIfAbsent(g.sender(), k -> new ArrayList<>()).add(g);
    }

    private static Got got(String kind, String room, String from, Payload data, Map<String, Integer> senderOf) {
        Matcher m = PAYLOAD.matcher(data.json());
        assertThat(m.matches()).as("payload %s", data.json()).isTrue();
        int sender = Integer.parseInt(m.group(1));
        assertThat(senderOf.get(from)).as("the session a payload of sender %d came from", sender).isEqualTo(sender);
        return new Got(kind, room, sender, Integer.parseInt(m.group(2)));
    }
}
