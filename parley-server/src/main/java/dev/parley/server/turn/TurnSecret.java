package dev.parley.server.turn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The shared TURN secret kept in the data directory (mode 0600), so restarts keep handed-out
 * credentials valid and {@code parley turn} on the same machine agrees with the signaling server.
 */
public final class TurnSecret {
    public static final String FILE = "turn-secret";

    private TurnSecret() {}

    public static String loadOrCreate(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, random() + "\n");
            } catch (FileAlreadyExistsException raced) {
                // another Parley process made it first: use theirs
            }
        }
        String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (secret.length() < 16) throw new IOException(file + " holds a secret shorter than 16 characters");
        return secret;
    }

    /** A secret for this process only (used when nothing is persisted, e.g. parsing options). */
    public static String random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
