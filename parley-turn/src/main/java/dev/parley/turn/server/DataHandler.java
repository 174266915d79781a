package dev.parley.turn.server;

import dev.parley.turn.allocation.Allocation;
import dev.parley.turn.allocation.Allocations;
import dev.parley.turn.allocation.ClientLink;
import dev.parley.turn.proto.ChannelData;
import dev.parley.turn.proto.Data;
import dev.parley.turn.proto.DontFragment;
import dev.parley.turn.proto.XorPeerAddress;
import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunParseException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Client-to-peer data: Send indications (RFC 8656 §11.2) and ChannelData (§12.5). Indications get
 * no answer, so anything wrong (no allocation, no permission, bad attributes) is silently dropped.
 */
final class DataHandler {
    private final Allocations allocations;

    DataHandler(Allocations allocations) {
        this.allocations = allocations;
    }

    void send(StunMessage m, ClientLink link) {
        Allocation a = allocations.of(link);
        RawAttribute peerAttribute = m.attribute(XorPeerAddress.TYPE);
        RawAttribute data = m.attribute(Data.TYPE);
        if (a == null || peerAttribute == null || data == null) return;
        // DF can only be set per socket; an allocation made without it cannot honour it per packet (§11.2).
        if (m.attribute(DontFragment.TYPE) != null && !a.dontFragment()) return;
        XorPeerAddress.Peer peer;
        try {
            peer = XorPeerAddress.decode(peerAttribute, m.transactionId());
        } catch (StunParseException e) {
            return;
        }
        if (a.relays(peer.ipv6())) a.relaySend(Unpooled.wrappedBuffer(data.value()), peer.address());
    }

    void channelData(ByteBuf message, ClientLink link, long nowNanos) {
        if (message.readableBytes() < ChannelData.HEADER_BYTES) return;
        int length = ChannelData.length(message);
        if (length > message.readableBytes() - ChannelData.HEADER_BYTES) return; // §12.5: shorter than it says
        Allocation a = allocations.of(link);
        if (a == null) return;
        a.relayChannelData(ChannelData.channel(message), message, message.readerIndex() + ChannelData.HEADER_BYTES, length, nowNanos);
    }
}
