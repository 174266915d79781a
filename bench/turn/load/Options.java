import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line, checked: every number within its bounds, every address on loopback. */
record Options(String mode, String label, InetSocketAddress server, InetSocketAddress peer, String user,
        String password, int clients, int size, long rate, int window, double seconds, double warmupSeconds,
        boolean tcp, long serverPid, long peerPid, int clockTicks, long timeoutMs) {

    static final String USAGE = """
            usage: java bench/turn/load/TurnLoad.java relay|raw|stun [options]
              relay  N clients allocate on a TURN server and echo ChannelData through it off the peer
              raw    the same packets straight to the echo peer (the ceiling on loopback)
              stun   Binding requests from N source addresses 127.0.0.2, 127.0.0.3, ...
            options:
              --server HOST:PORT        TURN/STUN server (relay, stun)
              --peer HOST:PORT          UDP echo peer, e.g. turnutils_peer (relay, raw)
              --user NAME:PASSWORD      long-term credentials (relay)
              --clients N               clients or source addresses (default 10)
              --size BYTES              payload bytes per packet, 20..1400 (default 100; stun: 20)
              --rate R | --window W     paced: R packets/s per client; or saturation: W in flight per client
              --seconds S               measured window (default 5)
              --warmup-seconds S        sending before the window, not counted (default 2)
              --tcp                     relay: clients reach the server over TCP
              --server-pid P            measure this process's CPU (and --peer-pid P the echo peer's)
              --clk-tck N               clock ticks per second of /proc/P/stat (getconf CLK_TCK; default 100)
              --label NAME              the server's name in the output (default: the mode)
              --loss-timeout-ms T       a packet unanswered this long is lost (default 1000)
            prints one JSON line; exits 1 with one line on failure, 2 on a bad command line""";

    private static final Set<String> FLAGS = Set.of("--tcp");
    private static final Set<String> VALUED = Set.of("--server", "--peer", "--user", "--clients", "--size",
            "--rate", "--window", "--seconds", "--warmup-seconds", "--server-pid", "--peer-pid", "--clk-tck",
            "--label", "--loss-timeout-ms");

    static Options parse(String[] args) {
        if (args.length == 0 || !List.of("relay", "raw", "stun").contains(args[0]))
            throw new IllegalArgumentException("the first argument is the mode: relay, raw or stun");
        String mode = args[0];
        Map<String, String> v = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i], value = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            if (FLAGS.contains(a) && value == null) {
                v.put(a, "true");
            } else if (VALUED.contains(a)) {
                if (value == null) {
                    if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                    value = args[++i];
                }
                v.put(a, value);
            } else {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        boolean needsServer = !mode.equals("raw"), needsPeer = !mode.equals("stun");
        InetSocketAddress server = needsServer ? address(v, "--server") : null;
        InetSocketAddress peer = needsPeer ? address(v, "--peer") : null;
        String user = null, password = null;
        if (mode.equals("relay")) {
            String credentials = v.get("--user");
            if (credentials == null || credentials.indexOf(':') < 1)
                throw new IllegalArgumentException("relay needs --user NAME:PASSWORD");
            user = credentials.substring(0, credentials.indexOf(':'));
            password = credentials.substring(credentials.indexOf(':') + 1);
        }
        long rate = number(v, "--rate", 0, 1, 100_000);
        int window = (int) number(v, "--window", 0, 1, 1024);
        if ((rate > 0) == (window > 0)) throw new IllegalArgumentException("give one of --rate and --window");
        int size = (int) number(v, "--size", mode.equals("stun") ? 20 : 100, Codec.PAYLOAD, 1400);
        boolean tcp = v.containsKey("--tcp");
        if (tcp && !mode.equals("relay")) throw new IllegalArgumentException("--tcp is for relay mode");
        return new Options(mode, v.getOrDefault("--label", mode), server, peer, user, password,
                (int) number(v, "--clients", 10, 1, 4000), size, rate, window,
                decimal(v, "--seconds", 5, 0.5, 600), decimal(v, "--warmup-seconds", 2, 0, 600), tcp,
                number(v, "--server-pid", -1, 1, Integer.MAX_VALUE), number(v, "--peer-pid", -1, 1, Integer.MAX_VALUE),
                (int) number(v, "--clk-tck", 100, 1, 1_000_000), number(v, "--loss-timeout-ms", 1000, 10, 10_000));
    }

    private static InetSocketAddress address(Map<String, String> v, String name) {
        String s = v.get(name);
        if (s == null) throw new IllegalArgumentException("needs " + name + " HOST:PORT");
        int colon = s.lastIndexOf(':');
        if (colon < 1) throw new IllegalArgumentException(name + " is HOST:PORT, not " + s);
        String host = s.substring(0, colon).replaceAll("^\\[|]$", "");
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": bad port in " + s);
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException(name + ": port out of range in " + s);
        InetAddress ip;
        try {
            ip = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(name + ": unknown host " + host);
        }
        // This tool floods its target: it only aims at this machine.
        if (!ip.isLoopbackAddress()) throw new IllegalArgumentException(name + " must be a loopback address, not " + ip);
        return new InetSocketAddress(ip, port);
    }

    private static long number(Map<String, String> v, String name, long absent, long min, long max) {
        String s = v.get(name);
        if (s == null) return absent;
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is a whole number, not " + s);
        }
        if (n < min || n > max) throw new IllegalArgumentException(name + " must be in " + min + ".." + max);
        return n;
    }

    private static double decimal(Map<String, String> v, String name, double absent, double min, double max) {
        String s = v.get(name);
        if (s == null) return absent;
        double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is a number, not " + s);
        }
        if (!(d >= min && d <= max)) throw new IllegalArgumentException(name + " must be in " + min + ".." + max);
        return d;
    }
}
