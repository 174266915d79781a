package dev.parley.server.dialect.clients;

import java.util.List;

/** Reads a recorded transcript in tests: what one client got in the turn whose note starts so. */
public final class TranscriptAssertions {

    private TranscriptAssertions() {
    }

    /** Each delivery as compact JSON, e.g. {@code {"event":"joined","args":[123456,"{A}"]}}. */
    public static List<String> got(Transcript transcript, String notePrefix, String client) {
        List<Transcript.Turn> turns = transcript.turns().stream().filter(t -> t.note().startsWith(notePrefix)).toList();
        if (turns.size() != 1) {
            throw new AssertionError(turns.size() + " turns start with '" + notePrefix + "' in " + transcript.name());
        }
        List<Received> received = turns.get(0).then().get(client);
        if (received == null) {
            throw new AssertionError(client + " was not open in turn '" + notePrefix + "' of " + transcript.name());
        }
        return received.stream().map(r -> Transcript.parse(r.toJson().toString()).toString()).toList();
    }

    /** {@code {"event":name,"args":[args...]}} with each arg given as JSON text, in {@link #got}'s form. */
    public static String event(String name, String... jsonArgs) {
        return Transcript.parse("{\"event\":\"" + name + "\",\"args\":[" + String.join(",", jsonArgs) + "]}").toString();
    }

    /** {@code {"lifecycle":name,"args":[args...]}}, in {@link #got}'s form. */
    public static String lifecycle(String name, String... jsonArgs) {
        return Transcript.parse("{\"lifecycle\":\"" + name + "\",\"args\":[" + String.join(",", jsonArgs) + "]}").toString();
    }
}
