package dev.parley.protocol;

import java.util.List;
import java.util.Objects;

/**
 * What the server sends (protocol v1, see {@code docs/protocol.md}). Each record is one wire
 * {@code type}. A message that answers a request carries that request's {@code id} as {@code ref}
 * in its {@link ServerFrame}; the records themselves do not know about it.
 */
public sealed interface ServerMessage {

    /** The only protocol version this code speaks; sent in {@code welcome}. */
    int PROTOCOL_VERSION = 1;

    /** Wire name, the {@code type} field. */
    String type();

    /** Outcomes of {@code join}. */
    sealed interface JoinOutcome extends ServerMessage permits Joined, Full {}

    /** Outcomes of {@code call}. */
    sealed interface CallOutcome extends ServerMessage permits Ringing, Unavailable {}

    /**
     * Answer to {@code hello}: who this session is, what the server allows, how to reach it for media.
     * {@code resumeToken} lets this client take the session over after a lost connection (null if
     * the server does not resume sessions); {@code resumed} says that {@code hello} took over a
     * session that was still held, rooms and call and all (then the messages queued while away
     * follow); a session whose id survived but whose state did not (the server restarted) has
     * {@code resumed} false and its old id.
     */
    record Welcome(String session, Peer user, int protocol, Limits limits, List<IceServer> iceServers,
                   String resumeToken, boolean resumed)
            implements ServerMessage {
        public Welcome {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(limits, "limits");
            iceServers = List.copyOf(iceServers);
        }
        /**
         * What this server does beyond protocol 1 as first published, announced in every welcome
         * ({@code features}) so a client uses it only where it is there (an older node in a
         * rolling upgrade ignores what it does not know): {@code join-signal}, a join's payload
         * relayed to the member there longest.
         */
        public static final List<String> FEATURES = List.of("join-signal");

        public String type() { return "welcome"; }
    }

    /** The seat is taken; {@code peers} are the members already there (not including the joiner). */
    record Joined(String room, List<Peer> peers) implements JoinOutcome {
        public Joined {
            Objects.requireNonNull(room, "room");
            peers = List.copyOf(peers);
        }
        public String type() { return "joined"; }
    }

    /** The room is at capacity; nothing changed. */
    record Full(String room, int capacity) implements JoinOutcome {
        public String type() { return "full"; }
    }

    /** Someone else took a seat in a room this session is in. */
    record PeerJoined(String room, Peer peer) implements ServerMessage {
        public String type() { return "peer-joined"; }
    }

    /** This session's {@code leave} took effect. */
    record Left(String room) implements ServerMessage {
        public String type() { return "left"; }
    }

    /**
     * A member's connection dropped: the server keeps its seat for the resume grace period, and the
     * media between browsers may well still flow. Followed by {@link PeerBack} or {@link PeerLeft}.
     */
    record PeerAway(String room, Peer peer) implements ServerMessage {
        public String type() { return "peer-away"; }
    }

    /** A member that was away resumed its session: nothing was lost. */
    record PeerBack(String room, Peer peer) implements ServerMessage {
        public String type() { return "peer-back"; }
    }

    /** Someone else left a room this session is in, by {@code leave} or by disconnecting. */
    record PeerLeft(String room, Peer peer) implements ServerMessage {
        public String type() { return "peer-left"; }
    }

    /** A payload another member sent to the whole room. {@code from} is that member's session id. */
    record Message(String room, String from, Payload data) implements ServerMessage {
        public String type() { return "message"; }
    }

    /** A payload another member sent to this session alone. */
    record Signal(String room, String from, Payload data) implements ServerMessage {
        public String type() { return "signal"; }
    }

    /**
     * Who is online for direct calls. The first one a session gets is {@code full}: it replaces
     * whatever the client knew. Later ones are changes: names that came online or went offline.
     */
    record Presence(boolean full, List<String> online, List<String> offline) implements ServerMessage {
        public Presence {
            online = List.copyOf(online);
            offline = List.copyOf(offline);
        }
        public String type() { return "presence"; }
    }

    /** The callee is being rung; {@code call} is the id every later call message uses. */
    record Ringing(String call, String to) implements CallOutcome {
        public String type() { return "ringing"; }
    }

    /** Nobody was rung: the name is not online, or is already in a call. */
    record Unavailable(String to, UnavailableReason reason) implements CallOutcome {
        public String type() { return "unavailable"; }
    }

    /**
     * Someone is calling this session; {@code resume}, when present, is the call the caller says
     * the two were in before the server lost it (see {@link ClientMessage.Call}).
     */
    record Incoming(String call, String from, String resume) implements ServerMessage {
        public Incoming(String call, String from) {
            this(call, from, null);
        }

        public String type() { return "incoming"; }
    }

    /** The callee took the call; sent to both parties. */
    record Accepted(String call) implements ServerMessage {
        public String type() { return "accepted"; }
    }

    /** The callee declined; sent to both parties. */
    record Rejected(String call, String reason) implements ServerMessage {
        public String type() { return "rejected"; }
    }

    /** The call ended because {@code by} hung up or disconnected; sent to both parties that are still here. */
    record HungUp(String call, String by, HangupReason reason) implements ServerMessage {
        public String type() { return "hangup"; }
    }

    /** The other party's connection dropped; the call is kept for the resume grace period. */
    record CallPeerAway(String call, String by) implements ServerMessage {
        public String type() { return "peer-away"; }
    }

    /** The other party resumed its session. */
    record CallPeerBack(String call, String by) implements ServerMessage {
        public String type() { return "peer-back"; }
    }

    /** Nobody answered within the call timeout; sent to both parties. */
    record TimedOut(String call) implements ServerMessage {
        public String type() { return "timeout"; }
    }

    /** A payload from the other party of an accepted call; {@code from} is their name. */
    record CallSignal(String call, String from, Payload data) implements ServerMessage {
        public String type() { return "signal"; }
    }

    /**
     * A request failed; nothing it asked for happened. {@code request} is the failed request's
     * {@code type} when it could be read, so a client can tell which request failed even when it
     * sent no {@code id}.
     */
    record ErrorReply(ErrorCode code, String message, String request) implements ServerMessage {
        public ErrorReply {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        public ErrorReply(ErrorCode code, String message) {
            this(code, message, null);
        }
        public String type() { return "error"; }
    }
}
