package dev.parley.turn.server;

import dev.parley.turn.allocation.Allocation;
import dev.parley.turn.allocation.Allocations;
import dev.parley.turn.allocation.ClientLink;
import dev.parley.turn.proto.ChannelNumber;
import dev.parley.turn.proto.Lifetime;
import dev.parley.turn.proto.RequestedAddressFamily;
import dev.parley.turn.proto.XorPeerAddress;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Requests on an existing allocation: Refresh (RFC 8656 §8), CreatePermission (§10) and ChannelBind (§11). */
final class AllocationHandlers {
    private final TurnConfig config;
    private final Allocations allocations;

    AllocationHandlers(TurnConfig config, Allocations allocations) {
        this.config = config;
        this.allocations = allocations;
    }

    /**
     * §8.2: a new lifetime, or deletion with LIFETIME 0. REQUESTED-ADDRESS-FAMILY names the family
     * refreshed (443 if the allocation has none of it, §8.2); deleting one family of a dual allocation
     * leaves the other. Both families share one lifetime: refreshing either keeps both.
     */
    byte[] refresh(StunMessage m, Replies.Caller caller, ClientLink link) throws StunParseException {
        Allocation a = allocations.of(link);
        byte[] mismatch = mismatch(m, caller, a);
        if (mismatch != null) return mismatch;
        RawAttribute family = m.attribute(RequestedAddressFamily.TYPE);
        int f = family == null ? 0 : RequestedAddressFamily.decode(family);
        if (family != null && (f != RequestedAddressFamily.IPV4 && f != RequestedAddressFamily.IPV6 || !a.relays(f == RequestedAddressFamily.IPV6))) {
            return Replies.error(m, caller, ErrorCode.PEER_ADDRESS_FAMILY_MISMATCH, "Peer Address Family Mismatch");
        }
        RawAttribute requested = m.attribute(Lifetime.TYPE);
        long seconds = requested == null ? TurnConfig.DEFAULT_LIFETIME.toSeconds()
                : Math.min(Lifetime.decode(requested), TurnConfig.MAX_LIFETIME.toSeconds());
        if (seconds == 0 && family != null) a.release(f == RequestedAddressFamily.IPV6);
        else if (seconds == 0) a.close();
        else a.refresh(Duration.ofSeconds(seconds));
        return Replies.success(m, caller, b -> b.add(Lifetime.TYPE, Lifetime.encode(seconds)));
    }

    /** §10.2: every XOR-PEER-ADDRESS must pass the peer policy, or none is installed. */
    byte[] createPermission(StunMessage m, Replies.Caller caller, ClientLink link) throws StunParseException {
        Allocation a = allocations.of(link);
        byte[] mismatch = mismatch(m, caller, a);
        if (mismatch != null) return mismatch;
        List<XorPeerAddress.Peer> peers = new ArrayList<>();
        for (RawAttribute attribute : m.attributes()) {
            if (attribute.type() == XorPeerAddress.TYPE) peers.add(XorPeerAddress.decode(attribute, m.transactionId()));
        }
        if (peers.isEmpty()) return Replies.error(m, caller, ErrorCode.BAD_REQUEST, "XOR-PEER-ADDRESS is required");
        for (XorPeerAddress.Peer peer : peers) {
            byte[] refused = refusePeer(m, caller, a, peer);
            if (refused != null) return refused;
        }
        for (XorPeerAddress.Peer peer : peers) {
            if (!a.permit(peer.address().getAddress())) {
                return Replies.error(m, caller, ErrorCode.INSUFFICIENT_CAPACITY, "Insufficient Capacity: too many permissions");
            }
        }
        return Replies.success(m, caller, b -> {});
    }

    /** §11.2: binds a channel number to a peer, and installs or refreshes the peer's permission. */
    byte[] channelBind(StunMessage m, Replies.Caller caller, ClientLink link) throws StunParseException {
        Allocation a = allocations.of(link);
        byte[] mismatch = mismatch(m, caller, a);
        if (mismatch != null) return mismatch;
        RawAttribute number = m.attribute(ChannelNumber.TYPE);
        RawAttribute peerAttribute = m.attribute(XorPeerAddress.TYPE);
        if (number == null || peerAttribute == null) {
            return Replies.error(m, caller, ErrorCode.BAD_REQUEST, "CHANNEL-NUMBER and XOR-PEER-ADDRESS are required");
        }
        int channel = ChannelNumber.decode(number);
        if (!ChannelNumber.valid(channel)) return Replies.error(m, caller, ErrorCode.BAD_REQUEST, "channel numbers are 0x4000-0x7FFF");
        XorPeerAddress.Peer peer = XorPeerAddress.decode(peerAttribute, m.transactionId());
        byte[] refused = refusePeer(m, caller, a, peer);
        if (refused != null) return refused;
        switch (a.bind(channel, peer.address())) {
            case CONFLICT -> {
                return Replies.error(m, caller, ErrorCode.BAD_REQUEST, "channel or peer already bound to another");
            }
            case FULL -> {
                return Replies.error(m, caller, ErrorCode.INSUFFICIENT_CAPACITY, "Insufficient Capacity: too many channels");
            }
            case BOUND -> {}
        }
        if (!a.permit(peer.address().getAddress())) {
            return Replies.error(m, caller, ErrorCode.INSUFFICIENT_CAPACITY, "Insufficient Capacity: too many permissions");
        }
        return Replies.success(m, caller, b -> {});
    }

    /** 437 without an allocation on this 5-tuple, 441 when another user made it (RFC 8656 §5). */
    private static byte[] mismatch(StunMessage m, Replies.Caller caller, Allocation a) {
        if (a == null) return Replies.error(m, caller, ErrorCode.ALLOCATION_MISMATCH, "Allocation Mismatch");
        if (!a.username().equals(caller.username())) return Replies.error(m, caller, ErrorCode.WRONG_CREDENTIALS, "Wrong Credentials");
        return null;
    }

    /** 443 for a peer of a family the allocation has no relayed address of, 403 for one the peer policy refuses. */
    private byte[] refusePeer(StunMessage m, Replies.Caller caller, Allocation a, XorPeerAddress.Peer peer) {
        if (!a.relays(peer.ipv6())) return Replies.error(m, caller, ErrorCode.PEER_ADDRESS_FAMILY_MISMATCH, "Peer Address Family Mismatch");
        if (!config.peerPolicy().permits(peer.bytes())) return Replies.error(m, caller, ErrorCode.FORBIDDEN, "Forbidden: peer address not allowed");
        return null;
    }
}
