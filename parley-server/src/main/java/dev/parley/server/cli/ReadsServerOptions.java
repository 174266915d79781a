package dev.parley.server.cli;

/**
 * A subcommand that reads the server's own options (its parent's: ports, certificate), so a
 * config file written for the server is one for it too: {@code parley doctor --config parley.toml}.
 */
interface ReadsServerOptions {}
