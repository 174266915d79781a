package dev.parley.turn.allocation;

import java.net.InetSocketAddress;

/**
 * What names an allocation, RFC 8656 §2: the client's address, the server address it reached, and
 * the transport between them. A second Allocate on the same 5-tuple is a 437.
 */
public record FiveTuple(InetSocketAddress client, InetSocketAddress server, Transport transport) {
    public enum Transport { UDP, TCP, TLS }
}
