package dev.parley.server.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Lets every option also come from the environment: {@code --room-capacity} is read from
 * {@code PARLEY_ROOM_CAPACITY}. A flag on the command line wins over the environment, which wins
 * over the built-in default.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    static final String PREFIX = "PARLEY_";

    private final Map<String, String> env;

    EnvironmentDefaults(Map<String, String> env) {
        this.env = env;
    }

    static String variableFor(OptionSpec option) {
        return PREFIX + option.longestName().replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** Whether the environment sets {@code option}. */
    boolean has(OptionSpec option) {
        String value = env.get(variableFor(option));
        return value != null && !value.isBlank();
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) return null;
        String value = env.get(variableFor(option));
        return value == null || value.isBlank() ? option.defaultValue() : value;
    }
}
