package dev.parley.turn.server;

import dev.parley.turn.proto.AdditionalAddressFamily;
import dev.parley.turn.proto.RequestedAddressFamily;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunParseException;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which relayed address families an Allocate gets, RFC 8656 §7.2 items 6, 7 and 9 (RFC 6156 before
 * it): the one REQUESTED-ADDRESS-FAMILY names, IPv4 and IPv6 for ADDITIONAL-ADDRESS-FAMILY, and
 * without either the server's default ({@link TurnConfig.DefaultFamily}).
 */
final class RequestedFamilies {
    private RequestedFamilies() {}

    /** What to allocate, or the error to answer. */
    sealed interface Outcome {}

    /** One relayed address of this family. */
    record Single(boolean ipv6) implements Outcome {}

    /** IPv4 and IPv6 (§7.2 item 9): a family the server cannot give is reported in ADDRESS-ERROR-CODE, not refused. */
    record Dual() implements Outcome {}

    record Refused(int code, String reason) implements Outcome {}

    static Outcome of(StunMessage m, TurnConfig config, InetAddress client) throws StunParseException {
        RawAttribute family = m.attribute(RequestedAddressFamily.TYPE);
        RawAttribute additional = m.attribute(AdditionalAddressFamily.TYPE);
        if (family != null && additional != null) {
            return new Refused(ErrorCode.BAD_REQUEST, "REQUESTED-ADDRESS-FAMILY and ADDITIONAL-ADDRESS-FAMILY exclude each other");
        }
        boolean v4 = config.relayIPv4() != null, v6 = config.relayIPv6() != null;
        if (additional != null) {
            int f = AdditionalAddressFamily.decode(additional);
            if (f == RequestedAddressFamily.IPV4) return new Refused(ErrorCode.BAD_REQUEST, "ADDITIONAL-ADDRESS-FAMILY can only be IPv6");
            if (f != RequestedAddressFamily.IPV6) return unsupported("");
            // Item 7 would refuse a server without IPv4 (no REQUESTED-ADDRESS-FAMILY), item 9 allows a partial
            // answer: the client asked for both and can use either, so it gets the IPv6 one, as from coturn.
            return new Dual();
        }
        if (family != null) {
            int f = RequestedAddressFamily.decode(family);
            if (f == RequestedAddressFamily.IPV4) return v4 ? new Single(false) : unsupported(": no IPv4 relay address");
            if (f == RequestedAddressFamily.IPV6) return v6 ? new Single(true) : unsupported(": no IPv6 relay address");
            return unsupported("");
        }
        return switch (config.defaultFamily()) {
            case IPV4 -> v4 ? new Single(false) : unsupported(": no IPv4 relay address (ask for IPv6 with REQUESTED-ADDRESS-FAMILY)");
            case CLIENT -> {
                boolean clientV6 = client instanceof Inet6Address;
                yield new Single(clientV6 ? v6 : !v4); // the client's family if there is a relay of it, else the other
            }
        };
    }

    private static Refused unsupported(String why) {
        return new Refused(ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED, "Address Family not Supported" + why);
    }
}
