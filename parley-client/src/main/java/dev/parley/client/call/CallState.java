package dev.parley.client.call;

/** A call's states, as the JS SDK's {@code MediaCall.state} and {@code GroupCall.state}. */
public enum CallState {
    NEW,
    /** Alone in the room. */
    WAITING,
    /** A direct call not answered yet. */
    RINGING,
    CONNECTING,
    CONNECTED,
    /** The media path is interrupted; ICE is being restarted. */
    RECONNECTING,
    ENDED
}
