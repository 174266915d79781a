import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What the kernel says at one instant: CPU ticks (user + system) of the server, the echo peer, this
 * tool and everything else, and the UDP counters of this network namespace (/proc/net/snmp and snmp6, IPv4 + IPv6 summed).
 * The counters are namespace-wide: any other UDP traffic on the machine shows in them too.
 */
record Probe(long serverTicks, long peerTicks, long selfTicks, OtherLoad others, long[] udp, long[] socketDrops) {
    /** The counters kept, in this order. InErrors includes RcvbufErrors (the kernel counts a buffer drop in both). */
    static final List<String> UDP_COUNTERS =
            List.of("InDatagrams", "OutDatagrams", "RcvbufErrors", "SndbufErrors", "InErrors");

    /** Where {@link #socketDrops} counts a socket's drops: by its local port. */
    static final int AT_LOAD = 0, AT_PEER = 1, ELSEWHERE = 2;

    static Probe take(long serverPid, long peerPid, Set<Integer> loadPorts, int peerPort) throws IOException {
        long[] udp = new long[UDP_COUNTERS.size()];
        addSnmp(udp);
        addSnmp6(udp);
        long[] drops = new long[3];
        addSocketDrops(Path.of("/proc/net/udp"), loadPorts, peerPort, drops);
        addSocketDrops(Path.of("/proc/net/udp6"), loadPorts, peerPort, drops);
        long self = ProcessHandle.current().pid();
        OtherLoad others = OtherLoad.take(new java.util.HashSet<>(List.of(serverPid, peerPid, self)));
        return new Probe(ticks(serverPid), ticks(peerPid), ticks(-2), others, udp, drops);
    }

    /**
     * Each UDP socket's receive drops (the last column of /proc/net/udp), summed by who owns it: this
     * tool's sockets, the echo peer's, and every other (in the benchmark's own namespace: the server's).
     * A socket closed between two probes takes its count along; the load's sockets live through it.
     */
    private static void addSocketDrops(Path table, Set<Integer> loadPorts, int peerPort, long[] drops)
            throws IOException {
        if (!Files.exists(table)) return;
        List<String> lines = Files.readAllLines(table);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length < 13) continue;
            int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
            long d = Long.parseLong(f[f.length - 1]);
            drops[loadPorts.contains(port) ? AT_LOAD : port == peerPort ? AT_PEER : ELSEWHERE] += d;
        }
    }

    /** User + system ticks of {@code pid} (-2: this process; -1 or gone: -1). */
    static long ticks(long pid) throws IOException {
        if (pid == -1) return -1;
        Path stat = Path.of("/proc", pid == -2 ? "self" : Long.toString(pid), "stat");
        String s;
        try {
            s = Files.readString(stat);
        } catch (java.nio.file.NoSuchFileException e) {
            return -1;
        }
        // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
        String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" +");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 utime and 15 stime
    }

    private static void addSnmp(long[] udp) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (!lines.get(i).startsWith("Udp: ") || !lines.get(i + 1).startsWith("Udp: ")) continue;
            String[] names = lines.get(i).split(" +"), values = lines.get(i + 1).split(" +");
            for (int k = 1; k < names.length && k < values.length; k++) {
                int at = UDP_COUNTERS.indexOf(names[k]);
                if (at >= 0) udp[at] += Long.parseLong(values[k]);
            }
            return;
        }
    }

    private static void addSnmp6(long[] udp) throws IOException {
        Path p = Path.of("/proc/net/snmp6");
        if (!Files.exists(p)) return; // IPv6 off
        for (String line : Files.readAllLines(p)) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length != 2 || !kv[0].startsWith("Udp6")) continue;
            int at = UDP_COUNTERS.indexOf(kv[0].substring(4));
            if (at >= 0) udp[at] += Long.parseLong(kv[1]);
        }
    }

    long[] socketDropsSince(Probe start) {
        long[] d = new long[socketDrops.length];
        for (int i = 0; i < d.length; i++) d[i] = socketDrops[i] - start.socketDrops[i];
        return d;
    }

    long[] udpSince(Probe start) {
        long[] d = new long[udp.length];
        for (int i = 0; i < d.length; i++) d[i] = udp[i] - start.udp[i];
        return d;
    }

    /** CPU seconds between {@code start} and this probe, or -1 when not measured. */
    static double seconds(long startTicks, long endTicks, int clockTicks) {
        return startTicks < 0 || endTicks < 0 ? -1 : (endTicks - startTicks) / (double) clockTicks;
    }
}
