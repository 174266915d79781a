package dev.parley.server.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The browser app and JS SDK, served from {@code /web/} on the class path. Files are read once and
 * kept in memory (they are small), each with a content hash as its ETag so browsers revalidate
 * cheaply and always run the version the server speaks.
 */
final class StaticFiles {
    /** Only plain file names in plain folders: nothing that could climb out of {@code /web/}. */
    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json",
            "webmanifest", "application/manifest+json");

    record File(byte[] body, String contentType, String etag) {}

    private final String root;
    private final Map<String, File> cache = new ConcurrentHashMap<>();

    StaticFiles(String root) {
        this.root = root;
    }

    /** The file at this URL path, or null if there is none (or the path is not a plain file path). */
    File get(String path) {
        if (!SAFE_PATH.matcher(path).matches() || path.contains("..")) return null;
        String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1));
        if (type == null) return null;
        File cached = cache.get(path);
        if (cached != null) return cached;
        File loaded = load(path, type);
        if (loaded != null) cache.put(path, loaded);
        return loaded;
    }

    private File load(String path, String type) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(root + path)) {
            if (in == null) return null;
            byte[] body = in.readAllBytes();
            return new File(body, type, "\"" + HexFormat.of().formatHex(sha256(body), 0, 16) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
