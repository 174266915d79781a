package dev.parley.server.dialect.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plays a {@link Transcript} against one server with real client libraries: {@link #record} fills in
 * what each client got (waiting, after each turn, until nothing has arrived for {@link #QUIET}), and
 * {@link #replay} checks another server gives every client the same deliveries in the same order.
 *
 * <pre>{@code
 * Transcript expected = Transcript.load("seed000-page");
 * TranscriptRun.replay(expected, parleyUrl, ClientFactory.STANDARD);   // fails naming the turn and client
 * }</pre>
 *
 * <p>Not thread-safe: one test thread drives a run; the clients' own threads only fill their queues.
 */
public final class TranscriptRun implements AutoCloseable {

    /** Silence that ends a recorded turn: far above loopback latency, even over long-polling. */
    public static final Duration QUIET = Duration.ofMillis(400);
    /** The most a recorded turn waits for silence, or a replayed delivery for its arrival. */
    public static final Duration TURN_BOUND = Duration.ofSeconds(15);

    private final URI url;
    private final ClientFactory factory;
    /** Clients connected and not yet closed, by label, in order of connection. */
    private final Map<String, SocketIoClient> open = new LinkedHashMap<>();
    /** Every id seen so far (socket.id, Engine.IO id) and its placeholder; ids stay known after a close. */
    private final Map<String, String> placeholders = new HashMap<>();

    private TranscriptRun(URI url, ClientFactory factory) {
        this.url = url;
        this.factory = factory;
    }

    /** Plays the script's turns against {@code url} and returns it with each turn's deliveries. */
    public static Transcript record(Transcript script, URI url, ClientFactory factory) {
        try (TranscriptRun run = new TranscriptRun(url, factory)) {
            List<Transcript.Turn> recorded = new ArrayList<>();
            for (Transcript.Turn turn : script.turns()) {
                Set<String> connected = run.perform(turn.actions());
                recorded.add(turn.withThen(run.collect(connected)));
                run.closeDisconnected(turn.actions());
            }
            return script.withTurns(recorded);
        }
    }

    /**
     * Plays a recorded transcript against {@code url} and fails at the first delivery that differs (or
     * is missing, or extra: each turn in which nobody got anything, and the end, wait {@link #QUIET} for
     * strays).
     */
    public static void replay(Transcript expected, URI url, ClientFactory factory) {
        try (TranscriptRun run = new TranscriptRun(url, factory)) {
            for (int t = 0; t < expected.turns().size(); t++) {
                Transcript.Turn turn = expected.turns().get(t);
                if (turn.then() == null) {
                    throw new IllegalArgumentException(expected.name() + " turn " + t + " was never recorded");
                }
                run.perform(turn.actions());
                String where = expected.name() + " turn " + t + " (" + turn.note() + ")";
                boolean nothingExpected = true;
                for (var entry : turn.then().entrySet()) {
                    SocketIoClient client = run.open.get(entry.getKey());
                    if (client == null) {
                        throw new AssertionError(where + ": client " + entry.getKey() + " is not open");
                    }
                    for (Received want : entry.getValue()) {
                        nothingExpected = false;
                        Received got = client.poll(TURN_BOUND).orElseThrow(() -> new AssertionError(where + ": "
                                + client + " expected " + want + ", got nothing within " + TURN_BOUND
                                + client.diagnostics()));
                        run.learnIds();
                        Received shown = run.placeholdered(got);
                        if (!normalized(shown).equals(normalized(want))) {
                            throw new AssertionError(where + ": " + client + "\n  expected " + want + "\n  got      "
                                    + shown + client.diagnostics());
                        }
                    }
                }
                if (nothingExpected || t == expected.turns().size() - 1) {
                    run.expectQuiet(where);
                }
                run.closeDisconnected(turn.actions());
            }
        }
    }

    /** Does the actions back to back; returns the labels that connected. */
    private Set<String> perform(List<Action> actions) {
        Set<String> connected = new HashSet<>();
        for (Action action : actions) {
            switch (action) {
                case Action.Connect c -> {
                    if (open.containsKey(c.client())) {
                        throw new IllegalArgumentException("client " + c.client() + " is already open");
                    }
                    open.put(c.client(), factory.require(c.client(), c.kind(), url, c.options()));
                    connected.add(c.client());
                }
                case Action.Emit e -> client(e.client()).emit(e.event(), e.args().toArray());
                case Action.Disconnect d -> client(d.client()).disconnect();
                case Action.Drop d -> {
                    client(d.client()).drop();
                    open.remove(d.client()).close();
                }
            }
        }
        return connected;
    }

    /** Everything each open client gets until all is quiet (and each new client got something). */
    private Map<String, List<Received>> collect(Set<String> connected) {
        Map<String, List<Received>> got = new LinkedHashMap<>();
        open.keySet().forEach(label -> got.put(label, new ArrayList<>()));
        long start = System.nanoTime();
        long last = start;
        while (System.nanoTime() - start < TURN_BOUND.toNanos()) {
            for (var entry : open.entrySet()) {
                Optional<Received> r;
                while ((r = entry.getValue().poll(Duration.ZERO)).isPresent()) {
                    got.get(entry.getKey()).add(r.get());
                    last = System.nanoTime();
                }
            }
            boolean newOnesHeard = connected.stream().noneMatch(label -> got.get(label).isEmpty());
            if (newOnesHeard && System.nanoTime() - last >= QUIET.toNanos()) {
                break;
            }
            sleep(Duration.ofMillis(10));
        }
        learnIds();
        Map<String, List<Received>> shown = new LinkedHashMap<>();
        got.forEach((label, list) -> shown.put(label, list.stream().map(this::placeholdered).toList()));
        return shown;
    }

    private void expectQuiet(String where) {
        long deadline = System.nanoTime() + QUIET.toNanos();
        for (SocketIoClient client : open.values()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            client.poll(left).ifPresent(r -> {
                throw new AssertionError(where + ": " + client + " got more than the transcript has: "
                        + placeholdered(r) + client.diagnostics());
            });
        }
    }

    /** A client that disconnected in this turn has said all it will: close it. */
    private void closeDisconnected(List<Action> actions) {
        for (Action action : actions) {
            if (action instanceof Action.Disconnect d && open.containsKey(d.client())) {
                open.remove(d.client()).close();
            }
        }
    }

    private SocketIoClient client(String label) {
        SocketIoClient client = open.get(label);
        if (client == null) {
            throw new IllegalArgumentException("client " + label + " is not open");
        }
        return client;
    }

    private void learnIds() {
        open.forEach((label, client) -> {
            String id = client.id();
            if (id != null) {
                placeholders.putIfAbsent(id, "{" + label + "}");
            }
            String engine = client.engineId();
            if (engine != null && !engine.equals(id)) {
                placeholders.putIfAbsent(engine, "{" + label + ".engine}");
            }
        });
    }

    private Received placeholdered(Received r) {
        return new Received(r.event(), r.args().stream().map(this::placeholdered).toList(), r.lifecycle(), r.ack());
    }

    private JsonNode placeholdered(JsonNode node) {
        if (node.isTextual()) {
            String placeholder = placeholders.get(node.textValue());
            return placeholder != null ? TextNode.valueOf(placeholder) : node;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> copy.add(placeholdered(n)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(f -> copy.set(f.getKey(), placeholdered(f.getValue())));
            return copy;
        }
        return node;
    }

    /** Through JSON text and back, so 5 as an int and 5 as a long compare equal. */
    private static JsonNode normalized(Received r) {
        return Transcript.parse(r.toJson().toString());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        List<SocketIoClient> clients = new ArrayList<>(open.values());
        open.clear();
        clients.forEach(SocketIoClient::close);
    }
}
