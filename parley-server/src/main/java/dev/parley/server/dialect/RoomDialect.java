package dev.parley.server.dialect;

import dev.parley.protocol.Payload;
import java.util.List;

/**
 * The shapes of the two socket.io room dialects: seed 000 passes positional arguments
 * ({@code join(room)}, {@code joined(room, id)}), seed 002 one object ({@code join({roomId})},
 * {@code joined({roomId, userNum})}). Rooms go back to each client spelled as it sent them.
 */
enum RoomDialect {
    /** Seed 000: socket.io 2 server, JS page and Android app. */
    SEED_000 {
        @Override
        Event joined(Payload room, String self, int members) {
            return new Event("joined", List.of(room, Json.string(self)));
        }

        @Override
        Event otherJoined(Payload room, String peer) {
            return new Event("otherjoin", List.of(room, Json.string(peer)));
        }

        @Override
        Event full(Payload room, String self, int members) {
            return new Event("full", List.of(room, Json.string(self)));
        }

        @Override
        Event bye(Payload room, String peer) {
            return new Event("bye", List.of(room, Json.string(peer)));
        }

        @Override
        Event leaved(Payload room, String self) {
            return new Event("leaved", List.of(room, Json.string(self)));
        }

        @Override
        Event message(Payload room, Payload data) {
            return new Event("message", List.of(room, data));
        }
    },
    /** Seed 002: socket.io 4 server with its SignalServer client. */
    SEED_002 {
        @Override
        Event joined(Payload room, String self, int members) {
            return new Event("joined", List.of(Json.object("roomId", room, "userNum", members)));
        }

        @Override
        Event otherJoined(Payload room, String peer) {
            return new Event("otherjoined", List.of(Json.object("roomId", room, "userId", peer)));
        }

        @Override
        Event full(Payload room, String self, int members) {
            return new Event("full", List.of(Json.object("roomId", room, "userNum", members)));
        }

        @Override
        Event bye(Payload room, String peer) {
            return new Event("bye", List.of(Json.object("roomId", room, "userId", peer)));
        }

        @Override
        Event leaved(Payload room, String self) {
            return new Event("leaved", List.of(Json.object("roomId", room)));
        }

        @Override
        Event message(Payload room, Payload data) {
            return new Event("message", List.of(data));
        }
    };

    /** One socket.io event to the client. */
    record Event(String name, List<Payload> args) {}

    /** To the joiner; {@code members} counts it. */
    abstract Event joined(Payload room, String self, int members);

    /** To the others, about the joiner. */
    abstract Event otherJoined(Payload room, String peer);

    /** To a joiner with no seat; {@code members} counts it, as the seeds' servers did. */
    abstract Event full(Payload room, String self, int members);

    /** To the others, about one who left or whose connection ended. */
    abstract Event bye(Payload room, String peer);

    /** To the one who left. */
    abstract Event leaved(Payload room, String self);

    /** A relayed payload, to the others. */
    abstract Event message(Payload room, Payload data);
}
