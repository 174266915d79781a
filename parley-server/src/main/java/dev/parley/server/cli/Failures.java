package dev.parley.server.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * How a refused start is told: one line per problem on stderr and an exit code, never a stack
 * trace for a bad value or a machine that cannot run the server.
 *
 * <ul>
 *   <li>2: a usage error (a bad option value, or one this machine cannot use), with a hint to --help;
 *   <li>1: the server cannot start here as configured (a port in use, a full disk, an unreadable file).
 * </ul>
 */
final class Failures {
    static final int CANNOT_START = 1;
    private static final Pattern OPTION = Pattern.compile("--[a-z0-9][a-z0-9-]*");

    private Failures() {}

    /** picocli's parameter exception handler: the problems and a hint, not the whole help. */
    static int usage(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        var err = commandLine.getErr();
        for (String line : e.getMessage().split("\n")) err.println("parley: " + withSource(commandLine, line));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * picocli's execution exception handler. An IllegalArgumentException (a config record refusing a
     * value) is a usage error; an IOException is a start that cannot happen here; anything else is a
     * bug, and its stack trace is the report.
     */
    static int execution(Exception e, CommandLine commandLine, ParseResult parsed) throws Exception {
        if (e instanceof IllegalArgumentException) return usage(new CommandLine.ParameterException(commandLine, e.getMessage()), null);
        if (!(e instanceof IOException io)) throw e;
        var err = commandLine.getErr();
        err.println("parley: cannot start: " + describe(io));
        err.flush();
        return CANNOT_START;
    }

    /** The line, saying which variable or config file line the option's value came from when it was not on the command line. */
    private static String withSource(CommandLine commandLine, String line) {
        Matcher m = OPTION.matcher(line);
        if (!m.find() || !(commandLine.getDefaultValueProvider() instanceof OptionDefaults defaults)) return line;
        OptionSpec option = commandLine.getCommandSpec().findOption(m.group());
        ParseResult parsed = commandLine.getParseResult();
        if (option == null || (parsed != null && parsed.hasMatchedOption(option))) return line;
        String source = defaults.sourceOf(option);
        if (source == null) return line;
        int end = line.startsWith("'", m.end()) ? m.end() + 1 : m.end(); // after picocli's quotes: '--turn-port'
        return line.substring(0, end) + " (from " + source + ")" + line.substring(end);
    }

    /** An exception as one line: file system errors name the file and the reason. */
    static String describe(Throwable e) {
        String why = switch (e) {
            case AccessDeniedException a -> a.getFile() + ": permission denied";
            case NoSuchFileException n -> n.getFile() + ": no such file or directory";
            case FileSystemException f when f.getReason() != null -> f.getFile() + ": " + f.getReason();
            default -> e.getMessage();
        };
        if (why == null || why.isBlank()) why = e.getClass().getSimpleName();
        return why.replace('\n', ' ').strip();
    }
}
