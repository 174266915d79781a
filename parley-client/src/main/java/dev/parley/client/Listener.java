package dev.parley.client;

import dev.parley.protocol.ServerMessage;

/**
 * Receives what the server sends on its own: peers joining and leaving, relayed payloads, incoming
 * calls, presence, and errors about requests that had no future. Answers to requests complete their
 * futures instead. Callbacks run one at a time, in order, on the client's receiving thread: do not
 * block in them (in particular, do not wait on another request's future there).
 */
public interface Listener {
    default void onMessage(ParleyClient client, ServerMessage message) {}

    default void onClose(ParleyClient client, CloseStatus status) {}
}
