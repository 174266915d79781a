package dev.parley.server.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Sizes as people write them: {@code 1048576}, {@code 512K}, {@code 256M}, {@code 1G} (binary units, any case). */
final class ByteSizeConverter implements ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})([kKmMgG]?)");

    @Override
    public Long convert(String value) {
        Matcher m = SIZE.matcher(value.trim());
        if (!m.matches()) throw new TypeConversionException("'" + value + "' is not a size in bytes (examples: 1048576, 512K, 256M, 1G)");
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2).toUpperCase()) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        if (n > (Long.MAX_VALUE >> shift)) throw new TypeConversionException("'" + value + "' is too large");
        return n << shift;
    }
}
