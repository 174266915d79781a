package dev.parley.core;

import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage;
import java.util.List;

/**
 * What a kept frame costs, for the backlog's byte bounds: the characters of what it carries that a
 * client controls (relayed payloads, names, texts) plus a fixed allowance for the rest (type, ids,
 * the objects). Close to its size on the wire, and to its heap size for the ASCII that JSON payloads
 * mostly are; computed without encoding, which the core leaves to the transport.
 */
final class FrameSize {
    /** The frame and message objects, their ids and small fields. */
    static final int OVERHEAD = 256;

    private FrameSize() {}

    static long of(ServerFrame frame) {
        return OVERHEAD + switch (frame.message()) {
            case ServerMessage.Message m -> m.data().json().length();
            case ServerMessage.Signal m -> m.data().json().length();
            case ServerMessage.CallSignal m -> m.data().json().length();
            case ServerMessage.Presence p -> names(p.online()) + names(p.offline());
            case ServerMessage.Joined j -> j.peers().stream().mapToLong(FrameSize::peer).sum();
            case ServerMessage.ErrorReply e -> length(e.message());
            case ServerMessage.Rejected r -> length(r.reason());
            default -> 0;
        };
    }

    private static long names(List<String> names) {
        return names.stream().mapToLong(n -> 16 + n.length()).sum();
    }

    private static long peer(Peer p) {
        return 32 + length(p.id()) + length(p.name());
    }

    private static long length(String s) {
        return s == null ? 0 : s.length();
    }
}
