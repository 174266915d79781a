package dev.parley.turn.allocation;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the relay, written from every event loop; read for metrics and tests. */
public final class RelayStats {
    public final LongAdder allocationsCreated = new LongAdder();
    public final LongAdder packetsToPeers = new LongAdder();
    public final LongAdder bytesToPeers = new LongAdder();
    public final LongAdder packetsToClients = new LongAdder();
    public final LongAdder bytesToClients = new LongAdder();
    /** Peer datagrams dropped because no permission covers the sender (RFC 8656 §9). */
    public final LongAdder droppedWithoutPermission = new LongAdder();
    /** Datagrams dropped by the per-allocation bandwidth cap. */
    public final LongAdder droppedOverBandwidth = new LongAdder();
    /** Packets dropped because a socket's outbound buffer was full (a relay socket's, a listener's, a TCP/TLS client's). */
    public final LongAdder droppedUnwritable = new LongAdder();
    /** Requests dropped unanswered by the per-source rate limit on unauthenticated requests. */
    public final LongAdder droppedRateLimited = new LongAdder();
    /** TCP/TLS connections closed at once: their address already had its share open. */
    public final LongAdder streamsRefusedPerAddress = new LongAdder();
    /** TCP/TLS connections closed at once: the total was open. */
    public final LongAdder streamsRefusedTotal = new LongAdder();
    /** TCP/TLS connections closed for holding no allocation past the authentication timeout. */
    public final LongAdder streamsClosedWithoutAllocation = new LongAdder();
    /** TCP/TLS connections closed for not speaking TURN (a first frame not STUN, or ChannelData without an allocation). */
    public final LongAdder streamsClosedNotTurn = new LongAdder();
}
