package dev.parley.client.transport;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Opens WebSockets carrying text messages. */
public interface WebSocketConnector {
    /**
     * Opens a WebSocket to {@code uri}. The future completes once it is open, or fails (within
     * {@code timeout}); after it completed, {@code listener} hears every message and then exactly
     * one {@link TextSocket.Listener#onClosed}.
     */
    CompletableFuture<TextSocket> open(URI uri, Duration timeout, TextSocket.Listener listener);
}
