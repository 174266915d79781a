package dev.parley.protocol;

import java.util.Objects;

/**
 * What a client may send (protocol v1, see {@code docs/protocol.md}). Each record is one wire
 * {@code type}; the codec has already checked every field against {@link FieldRules}, and the
 * constructors check again so a record that exists is always valid.
 */
public sealed interface ClientMessage {

    /** Wire name, the {@code type} field. */
    String type();

    /**
     * {@code hello}: first message of a session. A name makes the session callable and visible in
     * presence; {@code token} is the access token of a server in token mode; {@code resume} is the
     * resume token of an earlier session of this client, to take it over after a lost connection,
     * and {@code received} how many of that session's messages (after {@code welcome}) it got, so the
     * server sends the rest. {@code acks}: this client will acknowledge what it receives
     * ({@link Ack}), so the server keeps unacknowledged messages to send again after a resume.
     */
    record Hello(String name, String token, String resume, Integer received, boolean acks) implements ClientMessage {
        public Hello {
            if (name != null) FieldRules.requireName(name);
            if (token != null) FieldRules.requireToken(token);
            if (resume != null) FieldRules.requireResumeToken(resume);
            if (received != null) FieldRules.requireCount(received, "received");
        }

        public Hello(String name, String token, String resume) {
            this(name, token, resume, null, false);
        }

        public Hello(String name, String token) {
            this(name, token, null, null, false);
        }

        public Hello(String name) {
            this(name, null, null, null, false);
        }
        public String type() { return "hello"; }
    }

    /**
     * {@code ack}: the client has received this many of its session's messages (counted from the
     * first after {@code welcome}); the server may forget those. Sent now and then by clients that
     * said {@code acks} in {@code hello}.
     */
    record Ack(int received) implements ClientMessage {
        public Ack {
            FieldRules.requireCount(received, "received");
        }
        public String type() { return "ack"; }
    }

    /**
     * {@code join}: take a seat in a room. Answered by {@code joined} or {@code full}. {@code signal}
     * (optional): a payload for the member who has been there longest (the first of
     * {@code joined}'s peers), relayed to it as a {@code signal} after its {@code peer-joined},
     * and dropped if nobody is there: a newcomer's offer made ahead travels with the join, a
     * round trip sooner than after {@code joined}.
     */
    record Join(String room, Payload signal) implements ClientMessage {
        public Join {
            FieldRules.requireRoom(room);
        }

        public Join(String room) {
            this(room, null);
        }
        public String type() { return "join"; }
    }

    /** {@code leave}: give the seat back. Answered by {@code left}. */
    record Leave(String room) implements ClientMessage {
        public Leave {
            FieldRules.requireRoom(room);
        }
        public String type() { return "leave"; }
    }

    /** {@code message}: relay an opaque SDP/ICE payload to every other member of a room. */
    record SendMessage(String room, Payload data) implements ClientMessage {
        public SendMessage {
            FieldRules.requireRoom(room);
            Objects.requireNonNull(data, "data");
        }
        public String type() { return "message"; }
    }

    /** {@code signal} with {@code room} and {@code to}: relay a payload to one member of a room. */
    record SendSignal(String room, String to, Payload data) implements ClientMessage {
        public SendSignal {
            FieldRules.requireRoom(room);
            FieldRules.requireId(to, "to");
            Objects.requireNonNull(data, "data");
        }
        public String type() { return "signal"; }
    }

    /**
     * {@code call}: ring the online user with this name. Answered by {@code ringing} or {@code unavailable}.
     * {@code resume} (optional) names the call the two were in when the server lost it (a restart):
     * the callee's client may then take the new call without ringing, as the same call going on.
     */
    record Call(String to, String resume) implements ClientMessage {
        public Call {
            FieldRules.requireName(to);
            if (resume != null) FieldRules.requireId(resume, "resume");
        }

        public Call(String to) {
            this(to, null);
        }
        public String type() { return "call"; }
    }

    /** {@code accept}: the callee takes the call. */
    record Accept(String call) implements ClientMessage {
        public Accept {
            FieldRules.requireId(call, "call");
        }
        public String type() { return "accept"; }
    }

    /** {@code reject}: the callee declines; the reason (optional, short text) reaches the caller. */
    record Reject(String call, String reason) implements ClientMessage {
        public Reject {
            FieldRules.requireId(call, "call");
            if (reason != null) FieldRules.requireReason(reason);
        }
        public String type() { return "reject"; }
    }

    /** {@code hangup}: either party ends the call; the caller may also cancel a call still ringing. */
    record Hangup(String call) implements ClientMessage {
        public Hangup {
            FieldRules.requireId(call, "call");
        }
        public String type() { return "hangup"; }
    }

    /** {@code signal} with {@code call}: relay a payload to the other party of an accepted call. */
    record SendCallSignal(String call, Payload data) implements ClientMessage {
        public SendCallSignal {
            FieldRules.requireId(call, "call");
            Objects.requireNonNull(data, "data");
        }
        public String type() { return "signal"; }
    }
}
