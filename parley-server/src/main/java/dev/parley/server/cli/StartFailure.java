package dev.parley.server.cli;

import java.io.IOException;

/** The server cannot start on this machine as configured (a port in use, a disk full): one line, exit code 1. */
final class StartFailure extends IOException {
    StartFailure(String message) {
        super(message);
    }
}
