package dev.parley.turn.allocation;

import dev.parley.turn.proto.ChannelData;
import dev.parley.turn.proto.Data;
import dev.parley.turn.proto.XorPeerAddress;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessageBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One allocation (RFC 8656 §2.2): a relay socket, its permissions and channel bindings. A dual
 * allocation (ADDITIONAL-ADDRESS-FAMILY, §7.2) has a second relay socket, IPv6 beside the IPv4 one,
 * sharing the permissions, channels and lifetime: a peer is reached from the relay of its family.
 * All of it runs on the client's event loop, which the relay sockets are registered on too, so
 * nothing here is locked; only {@link #expiresAtNanos} is read from elsewhere (the sweeper), hence
 * volatile.
 */
public final class Allocation {
    /** RFC 8656 §9. */
    public static final Duration PERMISSION_LIFETIME = Duration.ofSeconds(300);
    /** RFC 8656 §12. */
    public static final Duration CHANNEL_LIFETIME = Duration.ofSeconds(600);
    /** RFC 8656 §12: an expired binding's number and peer stay unavailable to other pairings this long. */
    public static final Duration CHANNEL_COOLDOWN = Duration.ofSeconds(300);
    /** Permissions (peer IP addresses) one allocation may hold; ICE needs a handful. */
    public static final int MAX_PERMISSIONS = 64;
    /** Channel bindings one allocation may hold. */
    public static final int MAX_CHANNELS = 64;

    public enum BindResult { BOUND, CONFLICT, FULL }

    private static final MessageType DATA_INDICATION = MessageType.of(MessageType.DATA, MessageClass.INDICATION);

    private final FiveTuple tuple;
    private final String username;
    private final String quotaUser;
    private final ClientLink client;
    /** The relay of the allocation's (first) family; confined to the event loop, as the two below. */
    private RelaySocket relay;
    private InetSocketAddress relayed;
    /** A dual allocation's IPv6 relay beside the IPv4 {@link #relay}, else null. */
    private RelaySocket additionalRelay;
    private InetSocketAddress additionalRelayed;
    private final boolean dontFragment;
    private final byte[] createdBy;
    private final byte[] createdResponse;
    private final TokenBucket toPeerBudget;
    private final TokenBucket toClientBudget;
    private final TurnClock clock;
    private final RelayStats stats;
    private final Runnable onClose;

    /** Peer IP address to permission expiry (nanos). Confined to the event loop. */
    private final Map<InetAddress, Long> permissions = new HashMap<>();
    /**
     * Channel bindings, cooling ones included; scanned by number, there are a handful (at most
     * {@link #MAX_CHANNELS}) and a map would box every ChannelData's number. Confined to the event loop.
     */
    private final List<Binding> channels = new ArrayList<>();
    /** Confined to the event loop. */
    private final Map<InetSocketAddress, Binding> channelsByPeer = new HashMap<>();
    /** Written on the event loop, read by the sweeper. */
    private volatile long expiresAtNanos;
    /** Confined to the event loop. */
    private boolean closed;

    private static final class Binding {
        final int number;
        final InetSocketAddress peer;
        long expiresAtNanos;

        Binding(int number, InetSocketAddress peer) {
            this.number = number;
            this.peer = peer;
        }
    }

    /**
     * What an allocation is made of; the registry supplies the close hook. {@code additionalRelay}
     * and {@code additionalRelayed}: a dual allocation's IPv6 relay (its {@code relay} is then IPv4), or null.
     */
    public record Spec(FiveTuple tuple, String username, String quotaUser, ClientLink client, RelaySocket relay,
            InetSocketAddress relayed, boolean dontFragment, byte[] createdBy, byte[] createdResponse, long bitsPerSecond,
            RelaySocket additionalRelay, InetSocketAddress additionalRelayed) {
        /** A single-family allocation. */
        public Spec(FiveTuple tuple, String username, String quotaUser, ClientLink client, RelaySocket relay,
                InetSocketAddress relayed, boolean dontFragment, byte[] createdBy, byte[] createdResponse, long bitsPerSecond) {
            this(tuple, username, quotaUser, client, relay, relayed, dontFragment, createdBy, createdResponse, bitsPerSecond, null, null);
        }
    }

    Allocation(Spec spec, TurnClock clock, RelayStats stats, Runnable onClose) {
        this.tuple = spec.tuple();
        this.username = spec.username();
        this.quotaUser = spec.quotaUser();
        this.client = spec.client();
        this.relay = spec.relay();
        this.relayed = spec.relayed();
        this.additionalRelay = spec.additionalRelay();
        this.additionalRelayed = spec.additionalRelayed();
        this.dontFragment = spec.dontFragment();
        this.createdBy = spec.createdBy();
        this.createdResponse = spec.createdResponse();
        this.clock = clock;
        this.stats = stats;
        this.onClose = onClose;
        long now = clock.nanoTime();
        double bytesPerSecond = spec.bitsPerSecond() / 8.0;
        // A second's worth of burst: a video keyframe may exceed the average rate for a moment.
        this.toPeerBudget = spec.bitsPerSecond() > 0 ? new TokenBucket(bytesPerSecond, bytesPerSecond, now) : null;
        this.toClientBudget = spec.bitsPerSecond() > 0 ? new TokenBucket(bytesPerSecond, bytesPerSecond, now) : null;
    }

    public FiveTuple tuple() {
        return tuple;
    }

    public String username() {
        return username;
    }

    String quotaUser() {
        return quotaUser;
    }

    public ClientLink client() {
        return client;
    }

    public InetSocketAddress relayed() {
        return relayed;
    }

    /** A dual allocation's IPv6 relayed address, or null. */
    public InetSocketAddress additionalRelayed() {
        return additionalRelayed;
    }

    /** Whether the (first) relayed address is IPv6. */
    public boolean ipv6() {
        return ipv6(relayed.getAddress());
    }

    /** Whether this allocation has a relayed address of that family: the peers it may reach (RFC 8656 §7.2, §10.2). */
    public boolean relays(boolean ipv6) {
        return ipv6() == ipv6 || additionalRelayed != null && ipv6;
    }

    /** Whether the allocation has both an IPv4 and an IPv6 relayed address. */
    public boolean dual() {
        return additionalRelayed != null;
    }

    /**
     * Gives up one family of a dual allocation (a Refresh with LIFETIME 0 and REQUESTED-ADDRESS-FAMILY,
     * RFC 8656 §8): its relay socket closes and its permissions and channels go; the other family
     * carries on. A single-family allocation is closed whole.
     */
    public void release(boolean ipv6) {
        if (!dual()) {
            close();
            return;
        }
        RelaySocket gone = ipv6 ? additionalRelay : relay;
        if (!ipv6) {
            relay = additionalRelay;
            relayed = additionalRelayed;
        }
        additionalRelay = null;
        additionalRelayed = null;
        gone.close();
        permissions.keySet().removeIf(peer -> ipv6(peer) == ipv6);
        channels.removeIf(b -> ipv6(b.peer.getAddress()) == ipv6);
        channelsByPeer.keySet().removeIf(peer -> ipv6(peer.getAddress()) == ipv6);
    }

    private static boolean ipv6(InetAddress a) {
        return a instanceof Inet6Address;
    }

    /** The relay socket that reaches {@code peer}: the one of its family (callers checked {@link #relays}). */
    private RelaySocket relayFor(InetSocketAddress peer) {
        return additionalRelay != null && peer.getAddress() instanceof Inet6Address ? additionalRelay : relay;
    }

    /** Whether relayed datagrams leave with the DF bit (DONT-FRAGMENT at Allocate). */
    public boolean dontFragment() {
        return dontFragment;
    }

    /** Whether a request with this transaction id is a retransmission of the Allocate that made this allocation. */
    public boolean createdBy(byte[] transactionId) {
        return java.util.Arrays.equals(createdBy, transactionId);
    }

    public byte[] createdResponse() {
        return createdResponse.clone();
    }

    public void refresh(Duration lifetime) {
        expiresAtNanos = clock.nanoTime() + lifetime.toNanos();
    }

    public long secondsLeft() {
        return Math.max(0, Duration.ofNanos(expiresAtNanos - clock.nanoTime()).toSeconds());
    }

    boolean expired(long nowNanos) {
        return nowNanos - expiresAtNanos >= 0;
    }

    /** Installs or refreshes a permission for this peer address; false when the allocation holds too many. */
    public boolean permit(InetAddress peer) {
        long now = clock.nanoTime();
        if (!permissions.containsKey(peer) && permissions.size() >= MAX_PERMISSIONS) {
            permissions.values().removeIf(expiry -> now - expiry >= 0);
            if (permissions.size() >= MAX_PERMISSIONS) return false;
        }
        permissions.put(peer, now + PERMISSION_LIFETIME.toNanos());
        return true;
    }

    public boolean permitted(InetAddress peer) {
        return permitted(peer, clock.nanoTime());
    }

    private boolean permitted(InetAddress peer, long now) {
        Long expiry = permissions.get(peer);
        return expiry != null && now - expiry < 0;
    }

    /**
     * Binds or refreshes channel {@code number} to {@code peer} (RFC 8656 §11.2): a number or peer
     * already bound, or cooling down after expiry, to a different partner is a conflict.
     */
    public BindResult bind(int number, InetSocketAddress peer) {
        long now = clock.nanoTime();
        forgetCooledChannels(now);
        Binding byNumber = binding(number);
        Binding byPeer = channelsByPeer.get(peer);
        if (byNumber != byPeer) return BindResult.CONFLICT; // one of them is bound to someone else
        Binding b = byNumber;
        if (b == null) {
            if (channels.size() >= MAX_CHANNELS) return BindResult.FULL;
            b = new Binding(number, peer);
            channels.add(b);
            channelsByPeer.put(peer, b);
        }
        b.expiresAtNanos = now + CHANNEL_LIFETIME.toNanos();
        return BindResult.BOUND;
    }

    private Binding binding(int number) {
        for (int i = 0; i < channels.size(); i++) {
            Binding b = channels.get(i);
            if (b.number == number) return b;
        }
        return null;
    }

    private void forgetCooledChannels(long now) {
        long cooldown = CHANNEL_COOLDOWN.toNanos();
        channels.removeIf(b -> {
            boolean gone = now - (b.expiresAtNanos + cooldown) >= 0;
            if (gone) channelsByPeer.remove(b.peer);
            return gone;
        });
    }

    /**
     * ChannelData from the client (RFC 8656 §12.5): relayed only over a live binding, and only while
     * its peer still has a permission; anything else is dropped. The data is {@code length} bytes of
     * {@code message} from {@code offset}, passed so rather than as a slice of its own: one less
     * object per datagram. {@code message} stays the caller's; {@code now} is the clock's time when it
     * was read (on the allocation's clock).
     */
    public void relayChannelData(int number, ByteBuf message, int offset, int length, long now) {
        Binding b = binding(number);
        if (b == null || now - b.expiresAtNanos >= 0 || !permitted(b.peer.getAddress(), now)) return;
        sendToPeer(message, offset, length, b.peer, now);
    }

    /** A Send indication's data (RFC 8656 §11.2) for {@code peer}: relayed if the peer has a permission. */
    public void relaySend(ByteBuf data, InetSocketAddress peer) {
        long now = clock.nanoTime();
        if (permitted(peer.getAddress(), now)) sendToPeer(data, data.readerIndex(), data.readableBytes(), peer, now);
    }

    /**
     * Sends {@code length} bytes of {@code data} from {@code offset} as a slice retained for the
     * write: with the pooled allocator the datagram sockets use, a recycled object, not a new one.
     */
    private void sendToPeer(ByteBuf data, int offset, int length, InetSocketAddress peer, long now) {
        RelaySocket relay = relayFor(peer);
        if (toPeerBudget != null && !toPeerBudget.tryTake(length, now)) {
            stats.droppedOverBandwidth.increment();
            return;
        }
        if (!relay.writable()) { // the kernel is not taking datagrams: drop, as the network would
            stats.droppedUnwritable.increment();
            return;
        }
        stats.packetsToPeers.increment();
        stats.bytesToPeers.add(length);
        relay.send(data.retainedSlice(offset, length), peer);
    }

    /**
     * A datagram from a peer to the relay (RFC 8656 §11.3 and §12.6): dropped without a permission,
     * else passed to the client as ChannelData if the peer has a channel, or as a Data indication;
     * {@code now} is the clock's time when it was read.
     */
    public void receiveFromPeer(ByteBuf data, InetSocketAddress peer, long now) {
        if (!permitted(peer.getAddress(), now)) {
            stats.droppedWithoutPermission.increment();
            return;
        }
        int length = data.readableBytes();
        if (toClientBudget != null && !toClientBudget.tryTake(length, now)) {
            stats.droppedOverBandwidth.increment();
            return;
        }
        Binding b = channelsByPeer.get(peer);
        ByteBuf out;
        if (b != null && now - b.expiresAtNanos < 0) {
            boolean pad = client.stream();
            out = relay.alloc().ioBuffer(pad ? ChannelData.streamFrameBytes(length) : ChannelData.HEADER_BYTES + length);
            ChannelData.write(out, b.number, data, pad);
        } else {
            byte[] transactionId = new byte[12]; // indications need unique ids, not secret ones
            java.util.concurrent.ThreadLocalRandom.current().nextBytes(transactionId);
            out = Unpooled.wrappedBuffer(StunMessageBuilder.of(DATA_INDICATION, transactionId)
                    .add(XorPeerAddress.TYPE, XorPeerAddress.encode(peer, transactionId))
                    .add(Data.TYPE, ByteBufUtil.getBytes(data))
                    .build());
        }
        stats.packetsToClients.increment();
        stats.bytesToClients.add(length);
        client.send(out);
    }

    /** Closes the relay (both, if dual) and leaves the registry; safe to call more than once. */
    public void close() {
        if (closed) return;
        closed = true;
        relay.close();
        if (additionalRelay != null) additionalRelay.close();
        onClose.run();
    }

    public boolean closed() {
        return closed;
    }
}
