package dev.parley.client;

import dev.parley.protocol.ServerMessage.Incoming;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Welcome;
import java.time.Duration;

/**
 * What a {@link Parley} session reports besides the server's own messages (which it emits as the
 * {@link dev.parley.protocol.ServerMessage} records they are). The names match the JS SDK's events.
 */
public sealed interface ParleyEvent {
    /** {@code state}: the session moved to {@code state}. */
    record StateChanged(Parley.State state) implements ParleyEvent {}

    /** {@code reconnecting}: the connection was lost ({@code code}); attempt {@code attempt} follows after {@code delay}. */
    record Reconnecting(int attempt, Duration delay, int code) implements ParleyEvent {}

    /** {@code resumed}: a new connection took the session up again; rooms and calls went on, nothing was missed. */
    record Resumed(Welcome welcome) implements ParleyEvent {}

    /**
     * {@code restored}: the server no longer had the session (a restart), so this is a new one; the
     * rooms were joined again ({@link Rejoined}, {@link RoomLost}) before this event.
     */
    record Restored(Welcome welcome) implements ParleyEvent {}

    /** {@code rejoined}: after a restore, the seat in a room was taken again. */
    record Rejoined(Joined joined) implements ParleyEvent {}

    /** {@code room-lost}: after a restore, the room could not be joined again. */
    record RoomLost(String room, ParleyException error) implements ParleyEvent {}

    /**
     * {@code close}: the session is over for good: {@link Parley#close()} was called, the server
     * refused it, or the first connection failed.
     */
    record Closed(int code, String reason) implements ParleyEvent {}

    /**
     * {@code call-resume}: a user whose call the server lost (a restart) rings again naming it. A
     * call that takes it up as itself {@link #take() takes} it; if none does, it rings as an ordinary
     * {@code incoming} call.
     */
    final class CallResume implements ParleyEvent {
        private final Incoming incoming;
        /** Confined to the session's event loop. */
        private boolean taken;

        CallResume(Incoming incoming) {
            this.incoming = incoming;
        }

        public Incoming incoming() {
            return incoming;
        }

        public void take() {
            taken = true;
        }

        public boolean taken() {
            return taken;
        }
    }
}
