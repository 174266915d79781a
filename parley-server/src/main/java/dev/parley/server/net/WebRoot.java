package dev.parley.server.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A directory of the operator's own pages ({@code --web-root}), served beside Parley's app so a page
 * written for another signaling server (a seed's socket.io page, seed 003's page) reaches Parley on
 * the same origin with {@code io.connect()} or its WebSocket unchanged.
 *
 * <p>The built-in app's rules, plus what a directory on disk needs: plain names in plain folders
 * only (no dot files, no {@code ..}, no encoded separators), known types only, regular files only,
 * and nothing whose real path leaves the directory (a symbolic link out of it is not followed).
 * Files are looked at per request, so edits show at once (unchanged ones are read once); a file larger than {@link #MAX_FILE_BYTES} is
 * not served, since responses are held in memory whole.
 */
public final class WebRoot {
    /** Pages, scripts and their images; media and downloads belong on a real web server. */
    public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;
    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("map", "application/json"),
            Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("webmanifest", "application/manifest+json"));

    /** One file as served: its bytes, type and a validator that changes when the file does. */
    record File(byte[] body, String contentType, String etag) {}

    /** The directory's real path: every served file's real path must start with it. */
    private final Path root;
    /**
     * Files read, by real path, while unchanged (same time and size): requests for one file share one
     * copy of it, so a client asking for a large file many times holds no more. At most
     * {@link #MAX_CACHED} files; past that, files are read per request.
     */
    private final Map<Path, File> cache = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CACHED = 256;

    /** @throws IOException if {@code dir} is not a readable directory */
    public WebRoot(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + " is not a directory");
        if (!Files.isReadable(dir)) throw new IOException(dir + " cannot be read");
        this.root = dir.toRealPath();
    }

    public Path directory() {
        return root;
    }

    /** The file at this URL path (already percent-decoded), or null if there is none or it may not be served. */
    File get(String path) {
        if (!SAFE_PATH.matcher(path).matches() || path.contains("..")) return null;
        String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        if (type == null) return null;
        try {
            Path real = root.resolve(path.substring(1)).toRealPath();
            if (!real.startsWith(root)) return null;
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile() || attributes.size() > MAX_FILE_BYTES) return null;
            String etag = "\"" + Long.toHexString(attributes.lastModifiedTime().toMillis()) + "-" + Long.toHexString(attributes.size()) + "\"";
            File cached = cache.get(real);
            if (cached != null && cached.etag().equals(etag) && cached.contentType().equals(type)) return cached;
            byte[] body = Files.readAllBytes(real);
            File file = new File(body, type, "\"" + Long.toHexString(attributes.lastModifiedTime().toMillis()) + "-" + Long.toHexString(body.length) + "\"");
            if (cache.size() < MAX_CACHED || cache.containsKey(real)) cache.put(real, file);
            return file;
        } catch (IOException | SecurityException e) {
            return null; // gone, unreadable or not a file: as if absent
        }
    }

    /**
     * The names of this directory's top-level files that the built-in app has too (its files win),
     * for a warning at start: Parley's own app at {@code /r/<room>} would load these instead of its own.
     */
    public List<String> hides(Predicate<String> builtIn) throws IOException {
        List<String> hidden = new ArrayList<>();
        try (var files = Files.list(root)) {
            files.map(f -> f.getFileName().toString()).filter(name -> builtIn.test("/" + name)).sorted().forEach(hidden::add);
        }
        return hidden;
    }
}
