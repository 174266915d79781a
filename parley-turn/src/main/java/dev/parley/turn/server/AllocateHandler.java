package dev.parley.turn.server;

import dev.parley.turn.allocation.Allocation;
import dev.parley.turn.allocation.Allocations;
import dev.parley.turn.allocation.ClientLink;
import dev.parley.turn.allocation.RelayPorts;
import dev.parley.turn.allocation.RelaySocket;
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
    /** RFC 8656 §18.11; comprehension-optional, and this server relays one family per allocation. */
    private static final int ADDITIONAL_ADDRESS_FAMILY = 0x8000;

    private final TurnConfig config;
    private final Allocations allocations;
    private final RelayPorts ports;

    AllocateHandler(TurnConfig config, Allocations allocations, RelayPorts ports) {
        this.config = config;
        this.allocations = allocations;
        this.ports = ports;
    }

    byte[] handle(StunMessage m, Replies.Caller caller, ClientLink link) throws StunParseException {
        Allocation existing = allocations.get(link.tuple());
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
        RawAttribute family = m.attribute(RequestedAddressFamily.TYPE);
        if (token != null && (even != null || family != null)) {
            return Replies.error(m, caller, ErrorCode.BAD_REQUEST, "RESERVATION-TOKEN excludes EVEN-PORT and REQUESTED-ADDRESS-FAMILY");
        }
        boolean reserveNext = even != null && EvenPort.reserveNext(even);
        if (reserveNext && m.attribute(ADDITIONAL_ADDRESS_FAMILY) != null) {
            return Replies.error(m, caller, ErrorCode.BAD_REQUEST, "EVEN-PORT with R excludes ADDITIONAL-ADDRESS-FAMILY");
        }
        boolean ipv6 = false;
        if (family != null) {
            int f = RequestedAddressFamily.decode(family);
            if (f != RequestedAddressFamily.IPV4 && f != RequestedAddressFamily.IPV6) {
                return Replies.error(m, caller, ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED, "Address Family not Supported");
            }
            ipv6 = f == RequestedAddressFamily.IPV6;
        }
        if (ipv6 && config.relayIPv6() == null) {
            return Replies.error(m, caller, ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED, "Address Family not Supported: no IPv6 relay address");
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
        try {
            Duration lifetime = initialLifetime(m); // before any socket is bound: a bad LIFETIME must not leak one
            long now = config.clock().nanoTime();
            DatagramChannel socket;
            Long reservation = null;
            if (token != null) {
                socket = ports.claim(ReservationToken.decode(token), now);
            } else if (reserveNext) {
                RelayPorts.EvenPair pair = ports.bindEvenAndReserveNext(relayAddress(ipv6), now);
                socket = pair == null ? null : pair.even();
                if (pair != null) reservation = pair.token();
            } else {
                socket = ports.bind(relayAddress(ipv6), even != null);
            }
            if (socket == null) return Replies.error(m, caller, ErrorCode.INSUFFICIENT_CAPACITY, "Insufficient Capacity: no relay port");
            if (m.attribute(DontFragment.TYPE) != null && !dontFragment(socket)) {
                return Replies.error(m, caller, ErrorCode.UNKNOWN_ATTRIBUTE, "Unknown Attribute: DONT-FRAGMENT");
            }
            int port = RelayPorts.localPort(socket);
            InetSocketAddress relayed = new InetSocketAddress(advertised(socket), port);
            RelaySocket relay = RelaySocket.open(socket, link.eventLoop());
            if (relay == null) return Replies.error(m, caller, ErrorCode.INSUFFICIENT_CAPACITY, "Insufficient Capacity: no relay port");
            Long reserved = reservation;
            byte[] response = Replies.success(m, caller, b -> {
                b.add(XorRelayedAddress.TYPE, XorRelayedAddress.encode(relayed, m.transactionId()));
                b.add(Lifetime.TYPE, Lifetime.encode(lifetime.toSeconds()));
                if (reserved != null) b.add(ReservationToken.TYPE, ReservationToken.encode(reserved));
                b.add(XorMappedAddress.TYPE, XorMappedAddress.encode(link.tuple().client(), m.transactionId()));
            });
            Allocation allocation = allocations.add(new Allocation.Spec(link.tuple(), caller.username(), caller.quotaUser(), link,
                    relay, relayed, m.attribute(DontFragment.TYPE) != null, m.transactionId(), response, config.bitsPerSecond()));
            allocation.refresh(lifetime);
            relay.attach(allocation);
            made = true;
            return response;
        } finally {
            if (!made) allocations.release(caller.quotaUser(), source);
        }
    }

    private InetAddress relayAddress(boolean ipv6) {
        return ipv6 ? config.relayIPv6() : config.relayIPv4();
    }

    private InetAddress advertised(DatagramChannel socket) {
        try {
            boolean v6 = ((InetSocketAddress) socket.getLocalAddress()).getAddress() instanceof Inet6Address;
            return v6 ? config.advertisedIPv6() : config.advertisedIPv4();
        } catch (IOException e) {
            return config.advertisedIPv4();
        }
    }

    /** RFC 8656 §7.2: the requested lifetime capped at the maximum, but never below the default. */
    private static Duration initialLifetime(StunMessage m) throws StunParseException {
        RawAttribute a = m.attribute(Lifetime.TYPE);
        if (a == null) return TurnConfig.DEFAULT_LIFETIME;
        long requested = Math.min(Lifetime.decode(a), TurnConfig.MAX_LIFETIME.toSeconds());
        return Duration.ofSeconds(Math.max(requested, TurnConfig.DEFAULT_LIFETIME.toSeconds()));
    }

    /** RFC 8656 §7.2: DONT-FRAGMENT is honoured by setting DF on the relay socket, where the OS allows it. */
    private static boolean dontFragment(DatagramChannel socket) {
        try {
            socket.setOption(ExtendedSocketOptions.IP_DONTFRAGMENT, true);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket we give up on
            }
            return false;
        }
    }
}
