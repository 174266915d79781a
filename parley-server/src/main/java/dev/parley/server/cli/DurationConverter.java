package dev.parley.server.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people write them: {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 1d}, or
 * ISO-8601 {@code PT30S}. Never negative; each option checks its own bounds ({@link Problems#duration}).
 */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        Matcher m = SIMPLE.matcher(value.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        Duration d;
        try {
            d = Duration.parse(value.trim());
        } catch (RuntimeException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (examples: 30s, 500ms, 2m)");
        }
        if (d.isNegative()) throw new TypeConversionException("'" + value + "' is negative; a duration is 0 or more");
        return d;
    }

    /** The shortest of the forms {@link #convert} reads: 90s, 12h, 500ms. */
    static String format(Duration d) {
        long s = d.getSeconds();
        if (d.getNano() != 0 && s < 1_000_000) return d.toMillis() + "ms";
        if (s == 0) return "0s";
        if (s % 86400 == 0) return s / 86400 + "d";
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }
}
