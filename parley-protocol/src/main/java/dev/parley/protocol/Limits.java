package dev.parley.protocol;

/** The server's limits as announced in {@code welcome}, so clients can respect them up front. */
public record Limits(int maxFrameBytes, int roomCapacity, int maxRoomsPerSession, int callTimeoutSeconds) {}
