package dev.parley.server.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * What is wrong with the options, collected so that a refused start names every problem, one line
 * each, before anything is written. The rules options share live here; a config record's own rules
 * (an {@link IllegalArgumentException} from its constructor) are collected through {@link #attempt}.
 * Not thread-safe: one per parse, on the thread that runs the command.
 */
final class Problems {
    private final List<String> lines = new ArrayList<>();

    void add(String line) {
        lines.add(line);
    }

    /** Adds {@code line} unless {@code ok}; returns {@code ok}. */
    boolean require(boolean ok, String line) {
        if (!ok) add(line);
        return ok;
    }

    /** The value {@code make} returns, or null with its {@link IllegalArgumentException}'s message added. */
    <T> T attempt(Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            add(e.getMessage());
            return null;
        }
    }

    /** As {@link #attempt(Supplier)}, with the message after {@code "option: "}. */
    <T> T attempt(String option, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            add(option + ": " + e.getMessage());
            return null;
        }
    }

    int count() {
        return lines.size();
    }

    /** A port to listen on: 0 is any free port, -1 (where {@code offAllowed}) turns the listener off. */
    void port(String option, int value, boolean offAllowed) {
        require(value >= (offAllowed ? -1 : 0) && value <= 65535,
                option + " must be a port, 1-65535, or 0 for any free port" + (offAllowed ? " or -1 for off" : "") + ", not " + value);
    }

    void atLeast(String option, long value, long min) {
        require(value >= min, option + " must be at least " + min + ", not " + value);
    }

    void duration(String option, Duration value, Duration min, Duration max) {
        require(value.compareTo(min) >= 0 && value.compareTo(max) <= 0,
                option + " must be " + DurationConverter.format(min) + " to " + DurationConverter.format(max) + ", not "
                        + DurationConverter.format(value));
    }

    /** A usage error (exit code 2) listing every problem, if there is any. */
    void throwIfAny(CommandLine commandLine) {
        if (!lines.isEmpty()) throw new ParameterException(commandLine, String.join("\n", lines));
    }
}
