package dev.parley.turn.server;

import dev.parley.turn.allocation.Allocation;
import dev.parley.turn.allocation.Allocations;
import dev.parley.turn.allocation.ClientLink;
import dev.parley.turn.allocation.RelayPorts;
import dev.parley.turn.allocation.RelaySocket;
import dev.parley.turn.proto.AdditionalAddressFamily;
import dev.parley.turn.proto.AddressErrorCode;
import dev.parley.turn.proto.DontFragment;
import dev.parley.turn.proto.EvenPort;
import dev.parley.turn.proto.Lifetime;
import dev.parley.turn.proto.RequestedAddressFamily;
import dev.parley.turn.proto.RequestedTransport;
import dev.parley.turn.proto.ReservationToken;
import dev.parley.turn.proto.XorRelayedAddress;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunParseException;
import dev.parley.turn.stun.XorMappedAddress;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import jdk.net.ExtendedSocketOptions;

/** Allocate, RFC 8656 §7.2, checks in the RFC's order. */
final class AllocateHandler {
    private final TurnConfig config;
    private final Allocations allocations;
    private final RelayPorts ports;

    AllocateHandler(TurnConfig config, Allocations allocations, RelayPorts ports) {
        this.config = config;
        this.allocations = allocations;
        this.ports = ports;
    }

    /**
     * The relay sockets bound for one Allocate: the first family's, a dual allocation's IPv6 one (or
     * why it is missing: {@code additionalError}, an ADDRESS-ERROR-CODE), and a reservation made.
     */
    private record Relays(DatagramChannel first, DatagramChannel additional, int missingFamily, int additionalError, Long reservation) {
        void close() {
            closeQuietly(first);
            closeQuietly(additional);
        }
    }

    byte[] handle(StunMessage m, Replies.Caller caller, ClientLink link) throws StunParseException {
        Allocation existing = allocations.of(link);
        if (existing != null) {
            // A retransmission gets the same answer again; anything else is a second allocation on one 5-tuple.
            if (existing.createdBy(m.transactionId()) && existing.username().equals(caller.username())) return existing.createdResponse();
            return Replies.error(m, caller, ErrorCode.ALLOCATION_MISMATCH, "Allocation Mismatch");
        }
        RawAttribute transport = m.attribute(RequestedTransport.TYPE);
        if (transport == null) return Replies.error(m, caller, ErrorCode.BAD_REQUEST, "REQUESTED-TRANSPORT is required");
        if (RequestedTransport.decode(transport) != RequestedTransport.UDP) {
            return Replies.error(m, caller, ErrorCode.UNSUPPORTED_TRANSPORT, "Unsupported Transport Protocol: only UDP is relayed");
        }
        RawAttribute token = m.attribute(ReservationToken.TYPE);
        RawAttribute even = m.attribute(EvenPort.TYPE);
        boolean familyAsked = m.attribute(RequestedAddressFamily.TYPE) != null || m.attribute(AdditionalAddressFamily.TYPE) != null;
        if (token != null && (even != null || familyAsked)) {
            return Replies.error(m, caller, ErrorCode.BAD_REQUEST, "RESERVATION-TOKEN excludes EVEN-PORT and the address family attributes");
        }
        // A token names its socket, family and all: no family is chosen for it (it may be one the default would refuse).
        RequestedFamilies.Outcome families = token != null ? null : RequestedFamilies.of(m, config, link.tuple().client().getAddress());
        if (families instanceof RequestedFamilies.Refused r) return Replies.error(m, caller, r.code(), r.reason());
        boolean dual = families instanceof RequestedFamilies.Dual;
        boolean reserveNext = even != null && EvenPort.reserveNext(even);
        if (reserveNext && dual) {
            return Replies.error(m, caller, ErrorCode.BAD_REQUEST, "EVEN-PORT with R excludes ADDITIONAL-ADDRESS-FAMILY");
        }
        InetAddress source = link.tuple().client().getAddress();
        switch (allocations.admit(caller.quotaUser(), source)) {
            case USER_QUOTA -> {
                return Replies.error(m, caller, ErrorCode.ALLOCATION_QUOTA, "Allocation Quota Reached");
            }
            case ADDRESS_QUOTA -> {
                return Replies.error(m, caller, ErrorCode.INSUFFICIENT_CAPACITY, "Insufficient Capacity: too many allocations from this address");
            }
            case CAPACITY -> {
                return Replies.error(m, caller, ErrorCode.INSUFFICIENT_CAPACITY, "Insufficient Capacity");
            }
            case ADMITTED -> {}
        }
        boolean made = false;
        long now = config.clock().nanoTime();
        // Whatever is bound or opened here and not handed to an allocation is closed on the way out,
        // whether by an error answer or an exception (a native socket refused for want of descriptors).
        Relays relays = null;
        RelaySocket relay = null, additional = null;
        try {
            Duration lifetime = initialLifetime(m);
            if (token != null) {
                relays = new Relays(ports.claim(ReservationToken.decode(token), now), null, 0, 0, null);
            } else if (reserveNext) {
                RelayPorts.EvenPair pair = ports.bindEvenAndReserveNext(relayAddress(((RequestedFamilies.Single) families).ipv6()), now);
                relays = new Relays(pair == null ? null : pair.even(), null, 0, 0, pair == null ? null : pair.token());
            } else if (dual) {
                relays = bindDual(even != null);
            } else {
                relays = new Relays(ports.bind(relayAddress(((RequestedFamilies.Single) families).ipv6()), even != null), null, 0, 0, null);
            }
            if (relays.first() == null) return Replies.error(m, caller, ErrorCode.INSUFFICIENT_CAPACITY, "Insufficient Capacity: no relay port");
            if (m.attribute(DontFragment.TYPE) != null && !(dontFragment(relays.first()) && dontFragment(relays.additional()))) {
                return Replies.error(m, caller, ErrorCode.UNKNOWN_ATTRIBUTE, "Unknown Attribute: DONT-FRAGMENT");
            }
            InetSocketAddress relayed = advertised(relays.first());
            InetSocketAddress additionalRelayed = relays.additional() == null ? null : advertised(relays.additional());
            relay = RelaySocket.open(relays.first(), link.eventLoop(), ports, config.clock());
            additional = relay == null || relays.additional() == null ? null
                    : RelaySocket.open(relays.additional(), link.eventLoop(), ports, config.clock());
            if (relay == null || relays.additional() != null && additional == null) { // a port lost while moving to a native socket
                return Replies.error(m, caller, ErrorCode.INSUFFICIENT_CAPACITY, "Insufficient Capacity: no relay port");
            }
            Relays bound = relays;
            byte[] response = Replies.success(m, caller, b -> {
                b.add(XorRelayedAddress.TYPE, XorRelayedAddress.encode(relayed, m.transactionId()));
                if (additionalRelayed != null) b.add(XorRelayedAddress.TYPE, XorRelayedAddress.encode(additionalRelayed, m.transactionId()));
                b.add(Lifetime.TYPE, Lifetime.encode(lifetime.toSeconds()));
                if (bound.reservation() != null) b.add(ReservationToken.TYPE, ReservationToken.encode(bound.reservation()));
                b.add(XorMappedAddress.TYPE, XorMappedAddress.encode(link.tuple().client(), m.transactionId()));
                if (bound.additionalError() != 0) {
                    b.add(AddressErrorCode.TYPE, AddressErrorCode.encode(bound.missingFamily(), bound.additionalError(),
                            bound.additionalError() == ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED ? "Address Family not Supported" : "Insufficient Capacity"));
                }
            });
            RelaySocket first = relay, second = additional;
            Allocation allocation = allocations.add(new Allocation.Spec(link.tuple(), caller.username(), caller.quotaUser(), link,
                    first, relayed, m.attribute(DontFragment.TYPE) != null, m.transactionId(), response, config.bitsPerSecond(),
                    second, additionalRelayed));
            allocation.refresh(lifetime);
            first.attach(allocation);
            if (second != null) second.attach(allocation);
            made = true;
            return response;
        } finally {
            if (!made) {
                allocations.release(caller.quotaUser(), source);
                if (relay != null) relay.close();
                if (additional != null) additional.close();
                if (relays != null) {
                    relays.close();
                    if (relays.reservation() != null) closeQuietly(ports.claim(relays.reservation(), now)); // nobody will get the token
                }
            }
        }
    }

    /**
     * §7.2 item 9: an IPv4 and an IPv6 relay socket, or the one that could be had with the other's
     * reason (440: no relay address of that family, 508: no free port); none at all is a 508.
     */
    private Relays bindDual(boolean even) {
        DatagramChannel v4 = config.relayIPv4() == null ? null : ports.bind(config.relayIPv4(), even);
        DatagramChannel v6 = config.relayIPv6() == null ? null : ports.bind(config.relayIPv6(), even);
        if (v4 != null && v6 != null) return new Relays(v4, v6, 0, 0, null);
        boolean v4Missing = v4 == null;
        int family = v4Missing ? RequestedAddressFamily.IPV4 : RequestedAddressFamily.IPV6;
        boolean configured = (v4Missing ? config.relayIPv4() : config.relayIPv6()) != null;
        int error = configured ? ErrorCode.INSUFFICIENT_CAPACITY : ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED;
        return new Relays(v4Missing ? v6 : v4, null, family, error, null);
    }

    private InetAddress relayAddress(boolean ipv6) {
        return ipv6 ? config.relayIPv6() : config.relayIPv4();
    }

    /** The relayed transport address a socket stands for: its port on the advertised address of its family. */
    private InetSocketAddress advertised(DatagramChannel socket) {
        InetSocketAddress local;
        try {
            local = (InetSocketAddress) socket.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("a relay socket just bound has a local address", e);
        }
        return new InetSocketAddress(local.getAddress() instanceof Inet6Address ? config.advertisedIPv6() : config.advertisedIPv4(), local.getPort());
    }

    /** RFC 8656 §7.2: the requested lifetime capped at the maximum, but never below the default. */
    private static Duration initialLifetime(StunMessage m) throws StunParseException {
        RawAttribute a = m.attribute(Lifetime.TYPE);
        if (a == null) return TurnConfig.DEFAULT_LIFETIME;
        long requested = Math.min(Lifetime.decode(a), TurnConfig.MAX_LIFETIME.toSeconds());
        return Duration.ofSeconds(Math.max(requested, TurnConfig.DEFAULT_LIFETIME.toSeconds()));
    }

    /** RFC 8656 §7.2: DONT-FRAGMENT is honoured by setting DF on the relay socket, where the OS allows it (no socket: nothing to do). */
    private static boolean dontFragment(DatagramChannel socket) {
        if (socket == null) return true;
        try {
            socket.setOption(ExtendedSocketOptions.IP_DONTFRAGMENT, true);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void closeQuietly(DatagramChannel socket) {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket we give up on
        }
    }
}
