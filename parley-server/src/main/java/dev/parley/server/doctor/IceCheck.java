package dev.parley.server.doctor;

import dev.parley.turn.policy.PeerPolicy;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLSocketFactory;

/**
 * The media's ways through, as a browser would try them with the ICE servers from {@code welcome}:
 * STUN answering, a TURN allocation over each transport offered, and a relayed round trip through
 * each (a socket of the doctor's, playing the far peer, sends to the relayed address and is sent to
 * through it): which finds a relay port range a firewall closes and a relayed address the Internet
 * cannot reach (a wrong or missing --turn-external-ip). And that the relay refuses private addresses.
 */
final class IceCheck {
    /** One STUN or TURN URL: stun:, turn: or turns:, host, port, transport. */
    record IceUrl(String scheme, String host, int port, String transport) {
        static IceUrl parse(String url) {
            int colon = url.indexOf(':');
            String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
            String rest = url.substring(colon + 1);
            String transport = scheme.equals("turns") ? "tls" : "udp";
            int query = rest.indexOf('?');
            if (query >= 0) {
                String t = rest.substring(query + 1).replaceFirst("(?i)^transport=", "").toLowerCase(Locale.ROOT);
                if (!scheme.equals("turns")) transport = t;
                rest = rest.substring(0, query);
            }
            URI hostPort = URI.create("//" + rest);
            int port = hostPort.getPort() > 0 ? hostPort.getPort() : scheme.equals("turns") ? 5349 : 3478;
            return new IceUrl(scheme, hostPort.getHost().replaceAll("^\\[|\\]$", ""), port, transport);
        }

        String where() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private final int timeoutMillis;
    /** For TURN over TLS: the trust a browser has (the CAs, and --trust), names checked. */
    private final SSLSocketFactory tls;

    IceCheck(int timeoutMillis, SSLSocketFactory tls) {
        this.timeoutMillis = timeoutMillis;
        this.tls = tls;
    }

    Check stun(IceUrl url) {
        String title = "STUN (udp " + url.where() + ")";
        try (var probe = new TurnProbe(Wire.udp(resolve(url)), "", "", timeoutMillis)) {
            InetSocketAddress seen = probe.binding();
            return Check.pass("stun", title, "answers; this machine is seen as " + seen.getAddress().getHostAddress());
        } catch (IOException e) {
            return Check.fail("stun", title, "no answer (" + CertificateCheck.describe(e) + ")",
                    "Open UDP port " + url.port() + " in the firewall (and any cloud security group), and check that the STUN/TURN server runs (parley --turn, or parley turn).");
        }
    }

    /**
     * TURN over the URL's transport: an allocation, the relayed address, and a round trip through
     * it. {@code stunPort} is the server's UDP port for STUN (a turns: URL's port is TCP).
     */
    Check turn(IceUrl url, String username, String password, int stunPort) {
        String kind = switch (url.transport()) {
            case "tcp" -> "TCP";
            case "tls" -> "TLS";
            default -> "UDP";
        };
        String id = "turn-" + url.transport();
        String title = "TURN over " + kind + " (" + url.where() + ")";
        if (username == null || password == null) {
            return Check.fail(id, title, "the server hands this TURN URL out without credentials, so no browser can use it",
                    "Give a TURN server of its own with --turn-external-url and the secret it shares (--turn-secret), not with --ice-server.");
        }
        InetSocketAddress server;
        Wire wire;
        try {
            server = resolve(url);
            wire = switch (url.transport()) {
                case "tcp" -> Wire.tcp(server, timeoutMillis);
                case "tls" -> Wire.tls(server, url.host(), tls, timeoutMillis);
                default -> Wire.udp(server);
            };
        } catch (javax.net.ssl.SSLException e) {
            if (!certificateProblem(e)) {
                return Check.fail(id, title, "the TLS handshake failed (" + CertificateCheck.describe(e) + ")",
                        "Check that this port serves TURN over TLS (--turn-tls-port), not plain TCP.");
            }
            return Check.fail(id, title, "browsers refuse this TURN server's certificate (" + CertificateCheck.describe(e) + ")",
                    "Give the TURN server a certificate from a CA for " + url.host() + " (the whole chain), or a --trust for a test one.");
        } catch (IOException e) {
            return Check.fail(id, title, "cannot connect (" + CertificateCheck.describe(e) + ")",
                    "Open " + (kind.equals("UDP") ? "UDP" : "TCP") + " port " + url.port() + " in the firewall, and check that the TURN server listens on it.");
        }
        try (var probe = new TurnProbe(wire, username, password, timeoutMillis)) {
            TurnProbe.Allocated allocation;
            try {
                allocation = probe.allocate();
            } catch (TurnProbe.Refused r) {
                boolean credentials = r.code == 401 || r.code == 441;
                return Check.fail(id, title, "the allocation was refused with " + r.code + (credentials ? ": the credentials Parley hands out are not accepted" : ""),
                        credentials ? "The signaling server and the TURN server must share the secret (--turn-secret, coturn's static-auth-secret) "
                                + "and agree on the time (NTP)." : "See the TURN server's log.");
            } catch (SocketTimeoutException e) {
                return Check.fail(id, title, "no answer to Allocate", "Check that this is a TURN server and that the port is open.");
            } catch (IOException e) {
                return Check.fail(id, title, "the allocation failed (" + CertificateCheck.describe(e) + ")", "See the TURN server's log.");
            }
            InetSocketAddress relayed = allocation.relayed();
            String from = "relays from " + relayed.getAddress().getHostAddress();
            try {
                if (special(relayed.getAddress()) && !special(server.getAddress())) {
                    return Check.fail(id, title, from + ", a private address the Internet cannot reach, though the server is reached at "
                            + server.getAddress().getHostAddress(), "Set --turn-external-ip to the server's public address (behind a 1:1 NAT, "
                            + "such as a cloud VM's, the relay's own address is private).");
                }
                return Check.pass(id, title, from + "; " + roundTrip(probe, server, stunPort, allocation));
            } catch (NotTried n) {
                return Check.warn(id, title, from + "; the relayed round trip was not tried: " + n.getMessage(), n.fix);
            } catch (Unreachable u) {
                return Check.fail(id, title, u.getMessage(), u.fix);
            } finally {
                probe.release();
            }
        }
    }

    /**
     * A packet each way between the relay and a socket of the doctor's playing the far peer: in from
     * the peer to the relayed address (the relay port range), then out from the relay to the peer.
     * The peer is this machine as the relay sees it: the allocation's mapped address (same host, same
     * NAT), and its port as the relay reports it on the way in.
     */
    private String roundTrip(TurnProbe probe, InetSocketAddress server, int stunPort, TurnProbe.Allocated allocation)
            throws Unreachable, NotTried {
        InetSocketAddress relayed = allocation.relayed();
        try (var peer = new DatagramSocket()) {
            peer.setSoTimeout(timeoutMillis);
            // What the relay will see of the peer socket: its own STUN answer, else the allocation's
            // mapped address (the same host behind the same NAT; over TCP it may be a proxy's).
            InetSocketAddress self = bindingFrom(peer, new InetSocketAddress(server.getAddress(), stunPort));
            if (self == null) self = allocation.mapped();
            if (self == null) {
                throw new NotTried("this machine's address as the relay sees it is unknown (no XOR-MAPPED-ADDRESS, no STUN answer)", null);
            }
            try {
                probe.permit(self.getAddress());
            } catch (TurnProbe.Refused r) {
                if (r.code == 403) {
                    throw new NotTried("the relay refuses this machine's address " + self.getAddress().getHostAddress()
                            + " as a peer (a private one, as it should)", "Run the doctor from a machine outside the server's network to try the relay ports.");
                }
                throw new Unreachable("CreatePermission was refused with " + r.code, null);
            }
            byte[] in = ("parley doctor " + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
            long sent = System.nanoTime();
            peer.send(new DatagramPacket(in, in.length, relayed));
            TurnProbe.Received got = probe.receive(in);
            if (got == null) {
                boolean sameHost = relayed.getAddress().equals(server.getAddress());
                if (!sameHost && bindingFrom(peer, new InetSocketAddress(relayed.getAddress(), stunPort)) == null) {
                    throw new Unreachable("nothing sent to the relayed address " + relayed.getAddress().getHostAddress()
                            + " arrives, and no STUN server answers there: it is not this server's address",
                            "Set --turn-external-ip to the address clients reach this server at (" + server.getAddress().getHostAddress()
                                    + " from here), or fix the 1:1 NAT in front of it. (If this machine cannot send UDP at all, run the doctor from another.)");
                }
                throw new Unreachable("nothing sent to the relayed address " + relayed.getAddress().getHostAddress() + ":" + relayed.getPort()
                        + " arrived: the relay port range is closed",
                        "Open the relay ports (--turn-relay-ports, default UDP 49152-65535) in the firewall and any cloud security group.");
            }
            long millis = (System.nanoTime() - sent) / 1_000_000;
            byte[] out = ("parley doctor back " + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
            probe.send(got.peer(), out);
            if (!receivedFrom(peer, relayed, out)) {
                throw new Unreachable("a peer's packet came in through the relay, but the relay's answer to the peer never arrived",
                        "Let the relay send out of its port range (outbound UDP from the relay ports).");
            }
            return "a peer's packet came in through the relay (" + millis + " ms) and one went back out";
        } catch (IOException e) {
            throw new Unreachable("the relayed round trip failed (" + CertificateCheck.describe(e) + ")", null);
        }
    }

    /** Whether a failed handshake was the certificate's fault (untrusted, or for another name), not the connection's. */
    private static boolean certificateProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException || t instanceof javax.net.ssl.SSLPeerUnverifiedException
                    || t instanceof java.security.cert.CertPathValidatorException) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code expected} arrives on {@code socket} from {@code from} within the timeout (anything else is passed over). */
    private boolean receivedFrom(DatagramSocket socket, InetSocketAddress from, byte[] expected) throws IOException {
        byte[] buffer = new byte[1500];
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) return false;
            socket.setSoTimeout((int) left);
            var packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return false;
            }
            if (packet.getSocketAddress().equals(from) && Arrays.equals(Arrays.copyOf(buffer, packet.getLength()), expected)) return true;
        }
    }

    /** That the relay refuses the addresses it must (RFC 8656 §21): tried with CreatePermission only, nothing is sent. */
    Check policy(IceUrl url, String username, String password) {
        String title = "Relay peer policy";
        try (var probe = new TurnProbe(Wire.udp(resolve(url)), username, password, timeoutMillis)) {
            probe.allocate();
            try {
                List<String> reached = new java.util.ArrayList<>();
                for (String address : List.of("169.254.169.254", "10.0.0.1", "192.168.1.1")) {
                    try {
                        probe.permit(InetAddress.getByName(address));
                        reached.add(address);
                    } catch (TurnProbe.Refused r) {
                        if (r.code != 403) return Check.skip("peer-policy", title, "CreatePermission was answered with " + r.code);
                    }
                }
                if (reached.contains("169.254.169.254")) {
                    return Check.fail("peer-policy", title, "the relay lets anyone with credentials reach 169.254.169.254, the cloud metadata service",
                            "Remove the --turn-allow-peer rule that covers link-local addresses (with --turn-allow-dangerous-peers).");
                }
                if (!reached.isEmpty()) {
                    return Check.warn("peer-policy", title, "the relay lets anyone with credentials reach private addresses ("
                            + String.join(", ", reached) + ")", "Fine for a LAN-only server; otherwise narrow --turn-allow-peer.");
                }
                return Check.pass("peer-policy", title, "the relay refuses private and special addresses (tried 169.254.169.254, 10.0.0.1, 192.168.1.1)");
            } finally {
                probe.release();
            }
        } catch (IOException e) {
            return Check.skip("peer-policy", title, "no allocation to try it with (" + CertificateCheck.describe(e) + ")");
        }
    }

    /** A STUN Binding from {@code socket} to {@code server}: the reflexive address, or null without an answer. */
    private InetSocketAddress bindingFrom(DatagramSocket socket, InetSocketAddress server) {
        try {
            // Not closed: the socket is the caller's, and goes on as the peer.
            return new TurnProbe(new Wire.Udp(socket, server), null, null, timeoutMillis).binding();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether an address is one the Internet cannot route to (the peer policy's special-purpose ranges). */
    static boolean special(InetAddress address) {
        return !PeerPolicy.denyByDefault().permits(address);
    }

    private static InetSocketAddress resolve(IceUrl url) throws IOException {
        var address = new InetSocketAddress(url.host(), url.port());
        if (address.isUnresolved()) throw new IOException(url.host() + " does not resolve");
        return address;
    }

    /** A relayed path that could not be tried from here, and why. */
    private static final class NotTried extends Exception {
        final String fix;

        NotTried(String why, String fix) {
            super(why);
            this.fix = fix;
        }
    }

    /** A relayed path that does not work, with the fix. */
    private static final class Unreachable extends Exception {
        final String fix;

        Unreachable(String what, String fix) {
            super(what);
            this.fix = fix;
        }
    }
}
