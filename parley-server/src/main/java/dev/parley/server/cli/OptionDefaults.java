package dev.parley.server.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option's value comes from when it is not on the command line: the environment
 * ({@code --room-capacity} from {@code PARLEY_ROOM_CAPACITY}), then the config file
 * ({@code room-capacity = 4}), then the built-in default. A flag wins over all of them.
 * Not thread-safe: one per command line, used on the thread that parses it.
 */
final class OptionDefaults implements IDefaultValueProvider {
    static final String PREFIX = "PARLEY_";
    /** The option that names the config file; a config file cannot set it. */
    static final String CONFIG = "--config";

    private final Map<String, String> env;
    private ConfigFile file; // null: none

    OptionDefaults(Map<String, String> env) {
        this.env = env;
    }

    static String variableFor(OptionSpec option) {
        return PREFIX + option.longestName().replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    static String keyFor(OptionSpec option) {
        return option.longestName().replaceFirst("^--", "");
    }

    /**
     * The config file the arguments name ({@code --config F} or {@code --config=F}, before any
     * {@code --}), else {@code PARLEY_CONFIG}; null if neither does. Read before picocli parses, since
     * picocli asks for every default before it looks at the arguments.
     */
    static String configNamedIn(String[] args, Map<String, String> env) {
        String named = null;
        for (int i = 0; i < args.length && !args[i].equals("--"); i++) {
            if (args[i].equals(CONFIG) && i + 1 < args.length) named = args[++i];
            else if (args[i].startsWith(CONFIG + "=")) named = args[i].substring(CONFIG.length() + 1);
        }
        if (named != null) return named;
        String variable = env.get(PREFIX + "CONFIG");
        return variable == null || variable.isBlank() ? null : variable;
    }

    void useFile(ConfigFile file) {
        this.file = file;
    }

    ConfigFile file() {
        return file;
    }

    /** Where {@code option}'s value came from if not from the command line ({@code PARLEY_X}, or a file and line), else null. */
    String sourceOf(OptionSpec option) {
        if (fromEnvironment(option) != null) return variableFor(option);
        ConfigFile.Setting setting = fromFile(option);
        return setting == null ? null : file.where(setting);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) return null;
        String value = fromEnvironment(option);
        if (value != null) return value;
        ConfigFile.Setting setting = fromFile(option);
        return setting != null ? setting.value() : option.defaultValue();
    }

    private String fromEnvironment(OptionSpec option) {
        String value = env.get(variableFor(option));
        return value == null || value.isBlank() ? null : value;
    }

    /** The file's setting for {@code option}, unless it leaves the default (none, or an empty list). */
    private ConfigFile.Setting fromFile(OptionSpec option) {
        if (file == null || option.longestName().equals(CONFIG)) return null;
        ConfigFile.Setting setting = file.settings().get(keyFor(option));
        return setting == null || setting.value() == null ? null : setting;
    }

    /**
     * What is wrong with the file's keys for the command that runs: a key that is no option of it or
     * of the commands above it, the file naming itself, or a list for an option that takes one value.
     * Each with its line.
     */
    List<String> problemsFor(CommandSpec command) {
        List<String> problems = new ArrayList<>();
        if (file == null) return problems;
        // The server's file serves its subcommands too (parley turn, token, doctor, or the image's one
        // file for all): the server's keys are not mistakes there, and the doctor reads them.
        file.settings().forEach((key, setting) -> {
            OptionSpec option = command.findOption("--" + key);
            for (CommandSpec up = command.parent(); option == null && up != null; up = up.parent()) option = up.findOption("--" + key);
            String where = file.where(setting) + ": ";
            if (key.equals(CONFIG.substring(2))) {
                problems.add(where + "a config file cannot name another config file");
            } else if (option == null || !option.longestName().equals("--" + key) || option.usageHelp() || option.versionHelp()) {
                problems.add(where + "unknown key '" + key + "'" + suggestion(command, key) + "; the keys are the long options of '"
                        + command.qualifiedName() + " --help' without their dashes");
            } else if (setting.list() && !option.isMultiValue()) {
                problems.add(where + key + " takes one value, not a list");
            }
        });
        return problems;
    }

    /** The nearest key the command has, if the mistake looks like a typo. */
    private static String suggestion(CommandSpec command, String key) {
        return command.options().stream().filter(o -> !o.usageHelp() && !o.versionHelp() && !o.longestName().equals(CONFIG))
                .map(OptionDefaults::keyFor)
                .min(Comparator.comparingInt(k -> distance(k, key)))
                .filter(k -> distance(k, key) <= Math.max(2, key.length() / 4))
                .map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    /** Levenshtein's edit distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
