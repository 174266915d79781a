package dev.parley.protocol;

/**
 * What a valid name, room, id and reason look like. These are protocol constants, the same on every
 * server, so clients can validate before sending; {@code docs/protocol.md} repeats them.
 */
public final class FieldRules {
    /** User names: letters and digits of any script, single spaces, {@code . _ - '}; no space at either end. */
    public static final int MAX_NAME_CODE_POINTS = 32;
    /** Room names: letters and digits of any script and {@code . _ - ~} (safe in a URL path). */
    public static final int MAX_ROOM_CODE_POINTS = 64;
    /** Session, call and request ids: printable ASCII without spaces. */
    public static final int MAX_ID_LENGTH = 64;
    /** A signed access token; generous for a JWT with a few dozen room patterns. */
    public static final int MAX_TOKEN_LENGTH = 4096;
    /** A resume token: a session id, a dot, and the server's signature of it. */
    public static final int MAX_RESUME_TOKEN_LENGTH = 160;
    /** Free-text reasons ({@code reject.reason}): any printable text. */
    public static final int MAX_REASON_CODE_POINTS = 128;

    private FieldRules() {}

    public static String requireName(String s) {
        requireLength(s, "name", MAX_NAME_CODE_POINTS);
        // Spaces one at a time: "al  ice" would pass for "al ice" wherever whitespace collapses (HTML does).
        if (s.startsWith(" ") || s.endsWith(" ") || s.contains("  ")
                || !s.codePoints().allMatch(c -> isWordChar(c) || " ._-'".indexOf(c) >= 0)) {
            throw invalid("name", "letters, digits, single spaces and . _ - ' only, no space at either end");
        }
        return s;
    }

    public static String requireRoom(String s) {
        requireLength(s, "room", MAX_ROOM_CODE_POINTS);
        if (!s.codePoints().allMatch(c -> isWordChar(c) || "._-~".indexOf(c) >= 0)) {
            throw invalid("room", "letters, digits and . _ - ~ only");
        }
        return s;
    }

    public static String requireId(String s, String field) {
        if (s == null || s.isEmpty()) throw new ProtocolException(ErrorCode.MISSING_FIELD, "'" + field + "' is required");
        if (s.length() > MAX_ID_LENGTH) {
            throw new ProtocolException(ErrorCode.FIELD_TOO_LONG, "'" + field + "' is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (!s.chars().allMatch(c -> c > 0x20 && c < 0x7f)) throw invalid(field, "printable ASCII without spaces only");
        return s;
    }

    /** An access token (a compact JWT: base64url parts joined by dots). */
    public static String requireToken(String s) {
        if (s.isEmpty()) throw new ProtocolException(ErrorCode.MISSING_FIELD, "'token' is empty");
        if (s.length() > MAX_TOKEN_LENGTH) {
            throw new ProtocolException(ErrorCode.FIELD_TOO_LONG, "'token' is longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        if (!s.chars().allMatch(c -> c == '.' || c == '-' || c == '_' || c == '=' || (c < 0x80 && Character.isLetterOrDigit(c)))) {
            throw invalid("token", "base64url characters and dots only");
        }
        return s;
    }

    /** A resume token as {@code welcome} hands it out: printable ASCII, a session id and a signature. */
    public static String requireResumeToken(String s) {
        if (s.isEmpty()) throw new ProtocolException(ErrorCode.MISSING_FIELD, "'resume' is empty");
        if (s.length() > MAX_RESUME_TOKEN_LENGTH) {
            throw new ProtocolException(ErrorCode.FIELD_TOO_LONG, "'resume' is longer than " + MAX_RESUME_TOKEN_LENGTH + " characters");
        }
        if (!s.chars().allMatch(c -> c > 0x20 && c < 0x7f)) throw invalid("resume", "printable ASCII without spaces only");
        return s;
    }

    /** A count of messages: not negative. */
    public static int requireCount(int n, String field) {
        if (n < 0) throw new ProtocolException(ErrorCode.INVALID_FIELD, "'" + field + "' must be 0 or more");
        return n;
    }

    public static String requireReason(String s) {
        if (s.codePointCount(0, s.length()) > MAX_REASON_CODE_POINTS) {
            throw new ProtocolException(ErrorCode.FIELD_TOO_LONG, "'reason' is longer than " + MAX_REASON_CODE_POINTS + " characters");
        }
        if (s.codePoints().anyMatch(Character::isISOControl)) throw invalid("reason", "no control characters");
        return s;
    }

    private static void requireLength(String s, String field, int max) {
        if (s == null || s.isEmpty()) throw new ProtocolException(ErrorCode.MISSING_FIELD, "'" + field + "' is required");
        if (s.codePointCount(0, s.length()) > max) {
            throw new ProtocolException(ErrorCode.FIELD_TOO_LONG, "'" + field + "' is longer than " + max + " characters");
        }
    }

    private static boolean isWordChar(int c) {
        return Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
                || Character.getType(c) == Character.COMBINING_SPACING_MARK;
    }

    private static ProtocolException invalid(String field, String rule) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, "'" + field + "' may contain " + rule);
    }
}
