package dev.parley.server.dialect.clients;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A socket.io conversation as turns: what clients did, then what each open client's library delivered
 * before things went quiet, in order per client. Ids are placeholders: {@code "{A}"} is client A's own
 * socket.id (as its library reports it), {@code "{A.engine}"} its Engine.IO id where that differs and
 * appears. A transcript without {@code then}s is a script, which {@link TranscriptRun#record} plays to
 * fill them in; {@link TranscriptRun#replay} plays a recorded one against another server and checks
 * every client gets the same.
 *
 * <p>The recorded ones, from the seeds' own servers, are test resources under
 * {@code dev/parley/server/dialect/transcripts/}: see {@link #load(String)}. Where Parley is meant to
 * differ from a seed's server, say so in the test: {@link #expecting} replaces what one client gets in
 * one turn, {@link #until} keeps the turns before one, {@link #withKind} swaps the client library.
 */
public record Transcript(String name, String about, List<Turn> turns) {

    static final String RESOURCES = "dev/parley/server/dialect/transcripts/";

    public Transcript {
        turns = List.copyOf(turns);
    }

    /**
     * One step: actions done back to back (no waiting between them, as an app's code does them), then
     * what each client got. {@code then} is null in a script; once recorded it names every client open
     * at that point (an empty list: it got nothing).
     */
    public record Turn(String note, List<Action> actions, Map<String, List<Received>> then) {
        public Turn {
            actions = List.copyOf(actions);
            if (then != null) {
                Map<String, List<Received>> copy = new LinkedHashMap<>();
                then.forEach((k, v) -> copy.put(k, List.copyOf(v)));
                then = java.util.Collections.unmodifiableMap(copy);
            }
        }

        Turn withThen(Map<String, List<Received>> recorded) {
            return new Turn(note, actions, recorded);
        }
    }

    public static Builder script(String name, String about) {
        return new Builder(name, about);
    }

    /** Builds a script turn by turn. */
    public static final class Builder {
        private final String name;
        private final String about;
        private final List<Turn> turns = new ArrayList<>();

        private Builder(String name, String about) {
            this.name = name;
            this.about = about;
        }

        public Builder turn(String note, Action... actions) {
            turns.add(new Turn(note, Arrays.asList(actions), null));
            return this;
        }

        public Transcript build() {
            return new Transcript(name, about, turns);
        }
    }

    /** A recorded transcript from the test resources, by name ({@code "seed000-page"}). */
    public static Transcript load(String name) {
        String resource = RESOURCES + name + ".json";
        try (InputStream in = Transcript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no transcript " + resource + " on the test classpath");
            }
            return fromJson(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Transcript read(Path file) {
        try {
            return fromJson(parse(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where {@link #load} finds this transcript in the source tree (parley-server's test resources). */
    public static Path sourceFile(String name) {
        return NodeModules.dir().resolve("../resources/" + RESOURCES + name + ".json").normalize();
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, toText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Transcript withTurns(List<Turn> recorded) {
        return new Transcript(name, about, recorded);
    }

    /** The same transcript with every client of kind {@code from} made of kind {@code to} (e.g. "sio4" to "java2"). */
    public Transcript withKind(String from, String to) {
        List<Turn> changed = new ArrayList<>();
        for (Turn turn : turns) {
            List<Action> actions = new ArrayList<>();
            for (Action action : turn.actions()) {
                actions.add(action instanceof Action.Connect c && c.kind().equals(from)
                        ? new Action.Connect(c.client(), to, c.options()) : action);
            }
            changed.add(new Turn(turn.note(), actions, turn.then()));
        }
        return new Transcript(name, about, changed);
    }

    /** The turns before the first one whose note starts with {@code notePrefix} (e.g. to replay a common start). */
    public Transcript until(String notePrefix) {
        int end = indexOf(notePrefix);
        return new Transcript(name, about, turns.subList(0, end));
    }

    /**
     * This transcript with what {@code client} gets in one turn replaced, each delivery as JSON text
     * ({@code {"event":"bye","args":[123456,"{A}"]}}): where Parley is meant to differ from the seed's server.
     */
    public Transcript expecting(String notePrefix, String client, String... deliveries) {
        int at = indexOf(notePrefix);
        Turn turn = turns.get(at);
        if (turn.then() == null || !turn.then().containsKey(client)) {
            throw new IllegalArgumentException(client + " is not open in turn '" + turn.note() + "'");
        }
        Map<String, List<Received>> then = new LinkedHashMap<>(turn.then());
        then.put(client, Arrays.stream(deliveries).map(d -> Received.fromJson(parse(d))).toList());
        List<Turn> changed = new ArrayList<>(turns);
        changed.set(at, turn.withThen(then));
        return new Transcript(name, about, changed);
    }

    private int indexOf(String notePrefix) {
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i).note().startsWith(notePrefix)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no turn of " + name + " starts with '" + notePrefix + "'");
    }

    /** The client labels and kinds this transcript connects, in order of connection. */
    public Map<String, String> clients() {
        Map<String, String> clients = new LinkedHashMap<>();
        for (Turn turn : turns) {
            for (Action action : turn.actions()) {
                if (action instanceof Action.Connect c) {
                    clients.put(c.client(), c.kind());
                }
            }
        }
        return clients;
    }

    /**
     * The file format: readable and diffable, one action or one delivery per line, numbers as JSON
     * has them.
     */
    public String toText() {
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"name\": ").append(quote(name)).append(",\n");
        out.append("  \"about\": ").append(quote(about)).append(",\n");
        out.append("  \"turns\": [");
        for (int t = 0; t < turns.size(); t++) {
            Turn turn = turns.get(t);
            out.append(t == 0 ? "\n" : ",\n").append("    {\n");
            out.append("      \"note\": ").append(quote(turn.note())).append(",\n");
            out.append("      \"do\": [");
            for (int a = 0; a < turn.actions().size(); a++) {
                out.append(a == 0 ? "\n" : ",\n").append("        ").append(turn.actions().get(a).toJson());
            }
            out.append("\n      ]");
            if (turn.then() != null) {
                out.append(",\n      \"then\": {");
                int c = 0;
                for (var entry : turn.then().entrySet()) {
                    out.append(c++ == 0 ? "\n" : ",\n").append("        ").append(quote(entry.getKey())).append(": [");
                    List<Received> got = entry.getValue();
                    for (int i = 0; i < got.size(); i++) {
                        out.append(i == 0 ? "\n" : ",\n").append("          ").append(got.get(i).toJson());
                    }
                    out.append(got.isEmpty() ? "]" : "\n        ]");
                }
                out.append(c == 0 ? "}" : "\n      }");
            }
            out.append("\n    }");
        }
        out.append("\n  ]\n}\n");
        return out.toString();
    }

    static Transcript fromJson(JsonNode root) {
        List<Turn> turns = new ArrayList<>();
        for (JsonNode t : root.path("turns")) {
            List<Action> actions = new ArrayList<>();
            t.path("do").forEach(a -> actions.add(Action.fromJson(a)));
            Map<String, List<Received>> then = null;
            if (t.has("then")) {
                then = new LinkedHashMap<>();
                for (var it = t.get("then").fields(); it.hasNext(); ) {
                    var entry = it.next();
                    List<Received> got = new ArrayList<>();
                    entry.getValue().forEach(r -> got.add(Received.fromJson(r)));
                    then.put(entry.getKey(), got);
                }
            }
            turns.add(new Turn(t.path("note").asText(), actions, then));
        }
        return new Transcript(root.path("name").asText(), root.path("about").asText(), turns);
    }

    /** Strict JSON text to a tree (a failure names the text). */
    public static JsonNode parse(String json) {
        try {
            return NodeSocketIoClient.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    private static String quote(String text) {
        return NodeSocketIoClient.JSON.getNodeFactory().textNode(Objects.requireNonNullElse(text, "")).toString();
    }
}
