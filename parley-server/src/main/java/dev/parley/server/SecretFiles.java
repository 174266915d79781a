package dev.parley.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets generated once into the data directory (mode 0600 from the moment they exist) and read
 * back on every start, so a restart keeps what was handed out with them valid. They are written
 * atomically: a temporary file in the same directory, synced, then linked or renamed into place, so
 * a crash or a full disk leaves either no file or a whole one. An empty file (left by versions
 * before that, after a crash) is made again: it never signed anything. A file with something else
 * in it that is no usable secret is refused rather than replaced, since another server (coturn)
 * may share it.
 */
public final class SecretFiles {
    private static final Logger log = LoggerFactory.getLogger(SecretFiles.class);
    /** Shortest secret read back: the generated ones have 43 characters. */
    public static final int MIN_CHARS = 16;

    private SecretFiles() {}

    public static String loadOrCreate(Path dir, String fileName) throws IOException {
        String secret = read(dir, fileName);
        return secret != null ? secret : create(dir, fileName);
    }

    /**
     * The secret in {@code dir/fileName}, or null when there is none yet (no file, or an empty one);
     * an IllegalArgumentException when the file holds something that is not a usable secret.
     */
    public static String read(Path dir, String fileName) throws IOException {
        Path file = dir.resolve(fileName);
        if (!Files.exists(file)) return null;
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + " is not a file; remove it and a new secret is made");
        String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (secret.isEmpty()) return null;
        if (secret.length() < MIN_CHARS || !secret.chars().allMatch(c -> c > ' ' && c < 0x7F)) {
            throw new IllegalArgumentException(file + " holds no usable secret (" + MIN_CHARS
                    + "+ printable ASCII characters on one line); fix it, or remove it and a new one is made");
        }
        return secret;
    }

    /** Makes a new secret in {@code dir/fileName}, or returns the one another process made there first. */
    public static String create(Path dir, String fileName) throws IOException {
        Path file = dir.resolve(fileName);
        Files.createDirectories(dir);
        boolean emptyOne = Files.exists(file);
        String secret = random();
        if (!writeAtomically(file, (secret + "\n").getBytes(StandardCharsets.US_ASCII), emptyOne)) {
            String theirs = read(dir, fileName); // another Parley process made it first: use theirs
            if (theirs != null) return theirs;
            writeAtomically(file, (secret + "\n").getBytes(StandardCharsets.US_ASCII), true);
        }
        if (emptyOne) log.warn("{} was empty (an interrupted write); made a new secret", file);
        return secret;
    }

    /**
     * Writes {@code content} to {@code file} all or nothing, owner-only (0600) from creation: a
     * temporary file beside it, synced, then moved into place. Without {@code replace} an existing
     * file wins and false is returned.
     */
    public static boolean writeAtomically(Path file, byte[] content, boolean replace) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", ownerOnly(dir));
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) out.write(buffer);
                out.force(true);
            }
            if (replace) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                try {
                    Files.createLink(file, tmp); // link(2): atomic, and fails if the name exists
                } catch (FileAlreadyExistsException raced) {
                    return false;
                } catch (UnsupportedOperationException | IOException noLinks) {
                    if (Files.exists(file)) return false;
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            syncDirectory(dir);
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** 256 random bits, base64url: a secret for this process only when nothing is persisted. */
    public static String random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    /** Makes the new name durable too (not every system can sync a directory; then the rename has to do). */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // e.g. not supported on this platform
        }
    }
}
