package dev.parley.server.cli;

import dev.parley.server.auth.TokenAccess;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code parley token}: mints an access token for testing, as a host application's backend would. */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false, showDefaultValues = true,
        description = "Print an access token for --auth token servers sharing --auth-secret.")
final class TokenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    ParleyCommand parent;

    @Option(names = "--user", required = true, description = "The user id (the token's sub).")
    String user;

    @Option(names = "--name", description = "The name others see and call (default: the user id).")
    String name;

    @Option(names = "--room", split = ",", description = "A room it may join; a trailing * allows every room with that prefix (repeatable).")
    List<String> rooms = List.of();

    @Option(names = "--call", description = "It may place direct calls.")
    boolean call;

    @Option(names = "--ttl", defaultValue = "1h", converter = DurationConverter.class, description = "How long the token is valid (1s to 366d).")
    Duration ttl;

    @Override
    public Integer call() {
        var problems = new Problems();
        problems.require(parent.authSecret != null && !parent.authSecret.isBlank(), "--auth-secret is required");
        problems.duration("--ttl", ttl, Duration.ofSeconds(1), Duration.ofDays(366));
        problems.throwIfAny(spec.commandLine());
        try {
            var access = new TokenAccess(parent.authSecret, Clock.systemUTC());
            spec.commandLine().getOut().println(access.mint(new TokenAccess.Claims(user, name == null ? user : name, rooms, call, ttl)));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
