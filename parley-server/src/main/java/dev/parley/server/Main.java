package dev.parley.server;

import dev.parley.server.cli.ParleyCommand;

/** Entry point of the runnable jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(ParleyCommand.commandLine(new ParleyCommand(), System.getenv()).execute(args));
    }
}
