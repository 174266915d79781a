package dev.parley.server.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * A command line that reads the config file before it parses the arguments, so that the file's
 * values become the options' defaults (below the environment's, which are below the flags), and
 * refuses afterwards the keys the command that runs does not take.
 */
final class ConfiguredCommandLine extends CommandLine {
    private final OptionDefaults defaults;
    private final Map<String, String> env;

    ConfiguredCommandLine(Object command, Map<String, String> env) {
        super(command);
        this.env = env;
        this.defaults = new OptionDefaults(env);
        setDefaultValueProvider(defaults);
    }

    @Override
    public ParseResult parseArgs(String... args) {
        String named = OptionDefaults.configNamedIn(args, env);
        try {
            defaults.useFile(named == null ? null : ConfigFile.read(java.nio.file.Path.of(named)));
        } catch (IllegalArgumentException e) { // an invalid path or file
            throw new ParameterException(this, e.getMessage());
        }
        ParseResult parsed = super.parseArgs(args);
        ParseResult running = parsed;
        while (running.hasSubcommand()) running = running.subcommand();
        List<String> problems = defaults.problemsFor(running.commandSpec());
        if (!problems.isEmpty()) throw new ParameterException(running.commandSpec().commandLine(), String.join("\n", problems));
        warnOfReadableSecrets();
        return parsed;
    }

    private void warnOfReadableSecrets() {
        ConfigFile file = defaults.file();
        try {
            if (file != null && file.secretsReadableByAll()) {
                getErr().println("parley: warning: " + file.path() + " holds a secret and every user of this machine may read it: "
                        + "chmod o-r " + file.path());
                getErr().flush();
            }
        } catch (IOException e) {
            // Permissions that cannot be read are not worth refusing the start for.
        }
    }
}
