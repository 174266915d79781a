package dev.parley.core;

import dev.parley.protocol.Limits;
import java.time.Duration;
import java.util.List;

/**
 * The signaling core's limits and what it tells clients in {@code welcome}.
 *
 * @param roomCapacity seats per room (the seeds' one-to-one rooms are 2)
 * @param maxRoomsPerSession rooms one session may be in at once
 * @param callTimeout how long a direct call may ring before both sides are told {@code timeout}
 * @param maxFrameBytes the transport's frame limit, announced so clients can stay under it
 * @param iceServers STUN/TURN servers (and credentials) handed to each client
 * @param guards per-session limits: hello deadline, message rate
 * @param resume how long and how a session outlives its connection
 */
public record SignalingConfig(int roomCapacity, int maxRoomsPerSession, Duration callTimeout, int maxFrameBytes,
                              IceServerSource iceServers, SessionGuards guards, ResumePolicy resume) {
    public static final int DEFAULT_ROOM_CAPACITY = 2;
    public static final int MAX_ROOM_CAPACITY = 64;
    public static final int DEFAULT_MAX_ROOMS_PER_SESSION = 8;
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

    public SignalingConfig {
        require(roomCapacity >= 2 && roomCapacity <= MAX_ROOM_CAPACITY, "room capacity must be 2.." + MAX_ROOM_CAPACITY);
        require(maxRoomsPerSession >= 1, "max rooms per session must be at least 1");
        require(!callTimeout.isNegative() && !callTimeout.isZero(), "call timeout must be positive");
        require(maxFrameBytes >= 1024, "max frame size must be at least 1024 bytes");
        java.util.Objects.requireNonNull(iceServers, "iceServers");
        java.util.Objects.requireNonNull(guards, "guards");
        java.util.Objects.requireNonNull(resume, "resume");
    }

    public SignalingConfig(int roomCapacity, int maxRoomsPerSession, Duration callTimeout, int maxFrameBytes,
                           IceServerSource iceServers, SessionGuards guards) {
        this(roomCapacity, maxRoomsPerSession, callTimeout, maxFrameBytes, iceServers, guards, ResumePolicy.defaults());
    }

    /** With the default {@link SessionGuards}. */
    public SignalingConfig(int roomCapacity, int maxRoomsPerSession, Duration callTimeout, int maxFrameBytes, IceServerSource iceServers) {
        this(roomCapacity, maxRoomsPerSession, callTimeout, maxFrameBytes, iceServers, SessionGuards.defaults());
    }

    public static SignalingConfig defaults() {
        return new SignalingConfig(DEFAULT_ROOM_CAPACITY, DEFAULT_MAX_ROOMS_PER_SESSION, DEFAULT_CALL_TIMEOUT,
                DEFAULT_MAX_FRAME_BYTES, IceServerSource.fixed(List.of()));
    }

    public SignalingConfig withIceServers(IceServerSource iceServers) {
        return new SignalingConfig(roomCapacity, maxRoomsPerSession, callTimeout, maxFrameBytes, iceServers, guards, resume);
    }

    public SignalingConfig withGuards(SessionGuards guards) {
        return new SignalingConfig(roomCapacity, maxRoomsPerSession, callTimeout, maxFrameBytes, iceServers, guards, resume);
    }

    public SignalingConfig withResume(ResumePolicy resume) {
        return new SignalingConfig(roomCapacity, maxRoomsPerSession, callTimeout, maxFrameBytes, iceServers, guards, resume);
    }

    Limits limits() {
        return new Limits(maxFrameBytes, roomCapacity, maxRoomsPerSession,
                (int) Math.max(1, callTimeout.toSeconds()), (int) resume.grace().toSeconds());
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
