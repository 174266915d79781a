package dev.parley.server.turn;

import dev.parley.server.SecretFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The shared TURN secret kept in the data directory (mode 0600), so restarts keep handed-out
 * credentials valid and {@code parley turn} on the same machine agrees with the signaling server.
 */
public final class TurnSecret {
    public static final String FILE = "turn-secret";

    private TurnSecret() {}

    public static String loadOrCreate(Path dir) throws IOException {
        return SecretFiles.loadOrCreate(dir, FILE);
    }

    /** A secret for this process only (used when nothing is persisted, e.g. parsing options). */
    public static String random() {
        return SecretFiles.random();
    }
}
