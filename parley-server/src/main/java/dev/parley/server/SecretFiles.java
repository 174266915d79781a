package dev.parley.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets generated once into the data directory (mode 0600) and read back on every start, so a
 * restart keeps what was handed out with them valid.
 */
public final class SecretFiles {
    private SecretFiles() {}

    public static String loadOrCreate(Path dir, String fileName) throws IOException {
        Path file = dir.resolve(fileName);
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

    /** 256 random bits, base64url: a secret for this process only when nothing is persisted. */
    public static String random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
