package dev.parley.core;

import java.util.function.Function;

/**
 * The state sessions share, and delivery between them: seats in rooms, the name directory, where
 * each session is, direct calls. In
 * this process's memory by default; a cluster gives every node a view of one shared store.
 */
public record SharedState(RoomSeats rooms, NameDirectory names, SessionRegistry sessions, Switchboard calls, FrameMirror mirror) {
    /** One node, everything in memory, nothing on the message path but monitors. */
    public static final Function<LocalSessions, SharedState> IN_MEMORY =
            local -> new SharedState(new LocalRoomSeats(), new LocalDirectory(), SessionRegistry.NONE, new LocalSwitchboard(local),
                    FrameMirror.NONE);
}
