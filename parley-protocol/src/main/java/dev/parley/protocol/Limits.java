package dev.parley.protocol;

/**
 * The server's limits as announced in {@code welcome}, so clients can respect them up front.
 * {@code resumeGraceSeconds} is how long the server keeps a session whose connection dropped (0:
 * it does not).
 */
public record Limits(int maxFrameBytes, int roomCapacity, int maxRoomsPerSession, int callTimeoutSeconds,
                     int resumeGraceSeconds) {}
