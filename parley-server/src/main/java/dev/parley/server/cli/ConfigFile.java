package dev.parley.server.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * A config file: the options of the command line, one key each, named as the long option without
 * its dashes ({@code http-port = 8080}), in TOML ({@code .toml}) or YAML ({@code .yaml}, {@code .yml}).
 * A list is an array or a comma-separated string, as on the command line.
 *
 * <p>Only the shape is checked here; which keys the running command takes is {@link OptionDefaults}'s
 * business, and the values go through the same conversion and checks as flags. Every setting keeps
 * its line, so whatever is wrong with it is told where.
 */
record ConfigFile(Path path, Map<String, Setting> settings) {
    /** The options whose values are secrets (a Redis URI may hold its password): a file holding one should be readable by its owner only. */
    static final Set<String> SECRETS = Set.of("auth-secret", "turn-secret", "metrics-token", "turn-user", "redis");

    /** One key's value, as picocli would read it from the command line ({@code a,b} for a list; null for an empty list, which leaves the default). */
    record Setting(String value, boolean list, int line) {}

    /** A file that cannot be read as a config file; the message names the file and, where known, the line. */
    static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    static ConfigFile read(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(path)) {
            throw new Invalid("--config " + path + ": " + (Files.exists(path) ? "not a file" : "no such file"));
        }
        try {
            if (name.endsWith(".toml")) return new ConfigFile(path, toml(path));
            if (name.endsWith(".yaml") || name.endsWith(".yml")) return new ConfigFile(path, yaml(path));
        } catch (IOException e) {
            throw new Invalid("--config " + Failures.describe(e));
        }
        throw new Invalid("--config " + path + ": name a .toml, .yaml or .yml file (the ending says which)");
    }

    /** Where a setting came from, for messages: {@code parley.toml line 3}. */
    String where(Setting setting) {
        return path + " line " + setting.line();
    }

    /** Whether a secret is in a file others than its owner and group may read. */
    boolean secretsReadableByAll() throws IOException {
        if (settings.keySet().stream().noneMatch(SECRETS::contains)) return false;
        try {
            return Files.getPosixFilePermissions(path).contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException notPosix) {
            return false;
        }
    }

    private static Map<String, Setting> toml(Path path) throws IOException {
        TomlParseResult toml = Toml.parse(path);
        if (toml.hasErrors()) {
            var error = toml.errors().getFirst();
            throw new Invalid(path + " line " + error.position().line() + ": " + error.getMessage().replaceFirst(" \\(line \\d+, column \\d+\\)$", ""));
        }
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (String key : toml.keySet()) {
            int line = toml.inputPositionOf(List.of(key)).line();
            Object value = toml.get(List.of(key));
            if (value instanceof TomlTable) throw shapeError(path, line, key, "is a table; the keys are flat, as the options are (turn-port, not [turn] port)");
            if (value instanceof TomlArray array) {
                if (array.isEmpty()) { // the default: none
                    settings.put(key, new Setting(null, true, line));
                    continue;
                }
                List<String> items = new ArrayList<>();
                for (int i = 0; i < array.size(); i++) items.add(scalar(path, line, key, array.get(i)));
                settings.put(key, new Setting(String.join(",", items), true, line));
            } else {
                settings.put(key, new Setting(scalar(path, line, key, value), false, line));
            }
        }
        return settings;
    }

    private static String scalar(Path path, int line, String key, Object value) {
        return switch (value) {
            case String s -> s;
            case Long l -> Long.toString(l);
            case Double d -> Double.toString(d);
            case Boolean b -> Boolean.toString(b);
            default -> throw shapeError(path, line, key, "must be a string, a number, true or false, or a list of them");
        };
    }

    private static Map<String, Setting> yaml(Path path) throws IOException {
        Map<String, Setting> settings = new LinkedHashMap<>();
        try (JsonParser yaml = new YAMLFactory().createParser(path.toFile())) {
            JsonToken token = yaml.nextToken();
            if (token == null) return settings; // an empty file sets nothing
            if (token != JsonToken.START_OBJECT) throw shapeError(path, line(yaml), "the file", "must be a mapping of keys to values");
            while (yaml.nextToken() == JsonToken.FIELD_NAME) {
                String key = yaml.currentName();
                int line = line(yaml);
                if (settings.containsKey(key)) throw shapeError(path, line, key, "is set twice (first on line " + settings.get(key).line() + ")");
                token = yaml.nextToken();
                if (token == JsonToken.START_ARRAY) {
                    List<String> items = new ArrayList<>();
                    while ((token = yaml.nextToken()) != JsonToken.END_ARRAY) items.add(yamlScalar(yaml, token, path, key));
                    settings.put(key, new Setting(items.isEmpty() ? null : String.join(",", items), true, line));
                } else {
                    settings.put(key, new Setting(yamlScalar(yaml, token, path, key), false, line));
                }
            }
        } catch (JsonProcessingException e) {
            throw new Invalid(path + " line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        }
        return settings;
    }

    private static String yamlScalar(JsonParser yaml, JsonToken token, Path path, String key) throws IOException {
        return switch (token) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> yaml.getText();
            case START_OBJECT -> throw shapeError(path, line(yaml), key, "is a mapping; the keys are flat, as the options are (turn-port, not turn: port)");
            case VALUE_NULL -> throw shapeError(path, line(yaml), key, "has no value");
            default -> throw shapeError(path, line(yaml), key, "must be a string, a number, true or false, or a list of them");
        };
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    private static Invalid shapeError(Path path, int line, String key, String what) {
        return new Invalid(path + " line " + line + ": " + key + " " + what);
    }
}
