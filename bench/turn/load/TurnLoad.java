import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.NetworkChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * TURN relay load: {@code java bench/turn/load/TurnLoad.java relay|raw|stun [options]} (JDK 22+ runs
 * the other classes of this directory from source). Prints one JSON line of what it measured over the
 * measured window: sent, received, loss, round trips, the server's CPU per relayed packet (or per
 * Binding answer) and the kernel's UDP drops. See {@link Options#USAGE}.
 *
 * <p>The JSON, over the measured window: {@code sent} packets whose send time fell in it; {@code
 * received} of those answered by the end of the drain (each once); {@code lost} the difference; {@code
 * late} answers after the loss timeout (windowed mode); {@code rejected} datagrams not an answer of
 * this client (wrong channel, client id or, for stun, XOR-MAPPED-ADDRESS, also in {@code
 * wrongMappedAddress}); {@code pacerSkipped} packets the pacer skipped rather than burst, having fallen
 * behind; {@code rtt*Us} round trips of the received ones; {@code units} the server's work: relayed
 * packets for relay (2 per received message: client → peer and back), Binding answers for stun, echoes
 * for raw; {@code cpuUsPerUnit} the server's user+system CPU (/proc/PID/stat, 1/CLK_TCK resolution)
 * over the window plus the drain, per unit; {@code udp*} the namespace's UDP counters' changes and
 * {@code kernelDrops} = InErrors (which counts RcvbufErrors too) + SndbufErrors; {@code socketDrops*}
 * receive drops per socket (/proc/net/udp) at this tool's sockets, the peer's and all others;
 * {@code otherCpuSeconds} every other process's CPU and {@code cpuPressure} the share of the time a
 * runnable task waited for a CPU (PSI): how busy the machine was besides.
 */
final class TurnLoad {
    private TurnLoad() {}

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(Options.USAGE);
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("TurnLoad: " + e.getMessage() + " (--help for usage)");
            System.exit(2);
            return;
        }
        List<Link> links = new ArrayList<>();
        int status = 1;
        try {
            System.out.println(run(o, links));
            status = 0;
        } catch (LoadFailure e) {
            System.err.println("TurnLoad " + o.label() + ": " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("TurnLoad " + o.label() + ": I/O error: "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            System.err.println("TurnLoad " + o.label() + ": interrupted");
        } finally {
            for (Link l : links) {
                try {
                    l.close();
                } catch (IOException ignored) {
                    // closing at exit: nothing more to do
                }
            }
        }
        System.exit(status);
    }

    private static String run(Options o, List<Link> links) throws LoadFailure, IOException, InterruptedException {
        List<Flow> flows = new ArrayList<>();
        List<TurnSession> sessions = new ArrayList<>();
        long origin = System.nanoTime();
        for (int i = 0; i < o.clients(); i++) {
            switch (o.mode()) {
                case "relay" -> {
                    Link link = Link.open(o.tcp(), new InetSocketAddress(loopbackLike(o.server()), 0), o.server());
                    links.add(link);
                    TurnSession session = new TurnSession(link, o.user(), o.password());
                    try {
                        session.open(o.peer());
                    } catch (LoadFailure e) {
                        throw new LoadFailure("client " + i + ": " + e.getMessage());
                    }
                    sessions.add(session);
                    flows.add(Flow.of(i, new Codec.Echo(TurnSession.CHANNEL, o.size(), o.tcp()), link.channel()));
                }
                case "raw" -> {
                    Link link = Link.open(false, new InetSocketAddress(loopbackLike(o.peer()), 0), o.peer());
                    links.add(link);
                    flows.add(Flow.of(i, new Codec.Echo(-1, o.size(), false), link.channel()));
                }
                default -> {
                    InetSocketAddress source = new InetSocketAddress(stunSource(i), 0);
                    Link link = Link.open(false, source, o.server());
                    links.add(link);
                    var local = (InetSocketAddress) ((java.nio.channels.DatagramChannel) link.channel()).getLocalAddress();
                    flows.add(Flow.of(i, Codec.Binding.of(origin, local), link.channel()));
                }
            }
        }

        Set<Integer> loadPorts = new HashSet<>();
        for (Link l : links) loadPorts.add(((InetSocketAddress) ((NetworkChannel) l.channel()).getLocalAddress()).getPort());
        int peerPort = o.peer() != null ? o.peer().getPort() : -1;
        Traffic traffic = new Traffic(flows, origin, o.rate(), o.window(), o.warmupSeconds(), o.seconds(), o.timeoutMs());
        Probe[] start = new Probe[1];
        Traffic.Result r = traffic.run(() -> {
            try {
                start[0] = Probe.take(o.serverPid(), o.peerPid(), loadPorts, peerPort);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Probe end = Probe.take(o.serverPid(), o.peerPid(), loadPorts, peerPort);
        if (r.sent() > 0 && r.received() == 0)
            throw new LoadFailure("no answer to any of " + r.sent() + " packets (" + r.readErrors()
                    + " ICMP errors, " + r.rejected() + " answers rejected)");

        int releaseFailures = 0, staleNonces = 0;
        for (TurnSession s : sessions) {
            // Over TCP, closing the connection frees the allocation. After one unanswered release the
            // server is taken to be gone: the rest are not tried (3 s each).
            if (!o.tcp() && (releaseFailures > 0 || !s.release())) releaseFailures++;
            staleNonces += s.staleNonces();
        }
        return json(o, r, start[0], end, releaseFailures, staleNonces);
    }

    /** 127.0.0.1 or ::1, whichever family {@code target} is. */
    private static InetAddress loopbackLike(InetSocketAddress target) throws IOException {
        return InetAddress.getByName(target.getAddress() instanceof java.net.Inet6Address ? "::1" : "127.0.0.1");
    }

    /** Source address {@code i} of the STUN load: 127.0.0.2 ... 127.0.0.251, 127.0.1.2 ... (all of 127/8 is on lo). */
    static InetAddress stunSource(int i) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, (byte) (i / 250), (byte) (2 + i % 250)});
    }

    private static String json(Options o, Traffic.Result r, Probe start, Probe end, int releaseFailures,
            int staleNonces) {
        double seconds = (r.sendEnd() - r.windowStart()) / 1e9, span = (r.windowEnd() - r.windowStart()) / 1e9;
        long lost = r.sent() - r.received();
        // The server's unit of work: each echoed message crosses the relay twice (client → peer, peer → client).
        long units = switch (o.mode()) {
            case "relay" -> 2 * r.received();
            default -> r.received(); // a Binding answer; for raw, an echo (of the peer, if --server-pid is it)
        };
        double cpu = Probe.seconds(start.serverTicks(), end.serverTicks(), o.clockTicks());
        long[] udp = end.udpSince(start);
        Json j = new Json();
        j.put("mode", o.mode()).put("server", o.label()).put("transport", o.tcp() ? "tcp" : "udp")
                .put("clients", o.clients()).put("size", o.size())
                .put("rate", o.rate() > 0 ? o.rate() : null).put("window", o.window() > 0 ? o.window() : null)
                .put("warmupSeconds", o.warmupSeconds()).put("seconds", seconds).put("spanSeconds", span)
                .put("sent", r.sent()).put("received", r.received()).put("lost", lost)
                .put("loss", r.sent() == 0 ? null : lost / (double) r.sent())
                .put("late", r.late()).put("duplicates", r.duplicates()).put("rejected", r.rejected())
                .put("wrongMappedAddress", r.wrongMapped()).put("sendErrors", r.sendErrors())
                .put("pacerSkipped", r.skipped())
                .put("readErrors", r.readErrors())
                .put("sentPerSecond", r.sent() / seconds).put("receivedPerSecond", r.received() / seconds)
                .put("rttP50Us", r.rtt().percentile(0.50)).put("rttP90Us", r.rtt().percentile(0.90))
                .put("rttP99Us", r.rtt().percentile(0.99)).put("rttP999Us", r.rtt().percentile(0.999))
                .put("rttMaxUs", r.rtt().max())
                .put("unit", switch (o.mode()) {
                    case "relay" -> "relayed packet (2 per echoed message)";
                    case "stun" -> "Binding answer";
                    default -> "echo";
                })
                .put("relayedPackets", o.mode().equals("relay") ? units : null)
                .put("units", units).put("unitsPerSecond", units / seconds)
                .put("serverCpuSeconds", cpu < 0 ? null : cpu)
                .put("cpuUsPerUnit", cpu < 0 || units == 0 ? null : cpu * 1e6 / units)
                .put("serverCpuShare", cpu < 0 ? null : cpu / span)
                .put("peerCpuSeconds", nonNegative(Probe.seconds(start.peerTicks(), end.peerTicks(), o.clockTicks())))
                .put("loadCpuSeconds", nonNegative(Probe.seconds(start.selfTicks(), end.selfTicks(), o.clockTicks())))
                .put("otherCpuSeconds", end.others().ticksSince(start.others())[0] / (double) o.clockTicks())
                .put("kernelThreadCpuSeconds", end.others().ticksSince(start.others())[1] / (double) o.clockTicks())
                .put("cpuPressure", nonNegative(end.others().pressureSince(start.others(), span)));
        for (int i = 0; i < udp.length; i++) j.put("udp" + Probe.UDP_COUNTERS.get(i), udp[i]);
        int inErrors = Probe.UDP_COUNTERS.indexOf("InErrors"), sndbuf = Probe.UDP_COUNTERS.indexOf("SndbufErrors");
        long[] at = end.socketDropsSince(start);
        j.put("kernelDrops", udp[inErrors] + udp[sndbuf])
                .put("socketDropsLoad", at[Probe.AT_LOAD]).put("socketDropsPeer", at[Probe.AT_PEER])
                .put("socketDropsElsewhere", at[Probe.ELSEWHERE]).put("releaseFailures", releaseFailures)
                .put("staleNonces", staleNonces);
        return j.toString();
    }

    private static Double nonNegative(double d) {
        return d < 0 ? null : d;
    }

    /** A flat JSON object, keys in insertion order. */
    private static final class Json {
        private final StringBuilder sb = new StringBuilder("{");

        Json put(String key, Object value) {
            if (sb.length() > 1) sb.append(',');
            sb.append('"').append(key).append("\":");
            switch (value) {
                case null -> sb.append("null");
                case String s -> sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                case Double d when d.isNaN() || d.isInfinite() -> sb.append("null");
                case Double d -> sb.append(String.format(Locale.ROOT, "%.6g", d));
                default -> sb.append(value);
            }
            return this;
        }

        @Override
        public String toString() {
            return sb + "}";
        }
    }
}
