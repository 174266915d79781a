package dev.parley.server.dialect.clients;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the committed transcripts honest: each reference test records its script against the seed's own
 * server and compares the result with the committed file, so a transcript always says what the
 * reference really does. A missing file is written; {@code -Dparley.transcripts.write=true} rewrites
 * them all (then review the diff).
 */
public final class ReferenceTranscripts {

    public static final String WRITE_PROPERTY = "parley.transcripts.write";

    private ReferenceTranscripts() {
    }

    /** Records {@code script} against {@code url}; fails if it differs from the committed transcript. */
    public static Transcript recordAndCheck(Transcript script, URI url, ClientFactory factory) {
        Transcript recorded = TranscriptRun.record(script, url, factory);
        Path file = Transcript.sourceFile(script.name());
        if (!Files.exists(file) || Boolean.getBoolean(WRITE_PROPERTY)) {
            recorded.write(file);
            return recorded;
        }
        Transcript committed = Transcript.read(file);
        if (!Transcript.parse(committed.toText()).equals(Transcript.parse(recorded.toText()))) {
            throw new AssertionError("the reference server no longer gives what " + file + " says"
                    + " (rerun with -D" + WRITE_PROPERTY + "=true and review the diff if that is expected)."
                    + "\nrecorded now:\n" + recorded.toText());
        }
        return recorded;
    }
}
