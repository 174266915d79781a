package dev.parley.server.cli;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import io.netty.util.NetUtil;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** What the start command prints: the addresses to open, the one for other devices first. */
final class Urls {
    private Urls() {}

    static void print(PrintWriter out, ServerConfig config, ParleyServer server, List<InetAddress> lan, boolean selfSigned) {
        out.printf("Parley %s is running. Open it in a browser:%n", Version.current());
        for (String url : urls(config, server, lan)) out.println("  " + url);
        if (server.httpsPort() > 0 && selfSigned) {
            out.println("The HTTPS certificate is self-signed: the first visit shows a warning; choose");
            out.println("\"Advanced\" and \"Proceed\" (your camera needs HTTPS on every address but localhost).");
        }
        if (server.turn() != null && server.turn().udpPort() > 0) {
            out.printf("STUN/TURN on udp and tcp port %d%s, relaying from %s (ports %d-%d).%n", server.turn().udpPort(),
                    server.turn().tlsPort() > 0 ? ", tls port " + server.turn().tlsPort() : "",
                    relaying(config.turn()), config.turn().minPort(), config.turn().maxPort());
        }
        out.println("Stop with Ctrl+C.");
        out.flush();
    }

    /** The relay addresses as the start message names them: "192.168.1.20 and 2001:db8::20". */
    static String relaying(dev.parley.server.turn.TurnOptions turn) {
        return String.join(" and ", turn.relayIps().stream().map(NetUtil::toAddressString).toList());
    }

    static List<String> urls(ServerConfig config, ParleyServer server, List<InetAddress> lan) {
        List<String> urls = new ArrayList<>();
        if (server.httpsPort() > 0) {
            String bind = config.https().host();
            if (isWildcard(bind)) {
                for (InetAddress a : lan) urls.add("https://" + literal(a) + ":" + server.httpsPort() + "/    (other devices on your network)");
                urls.add("https://localhost:" + server.httpsPort() + "/");
            } else {
                urls.add("https://" + bracket(bind) + ":" + server.httpsPort() + "/");
            }
        }
        String http = config.http().host();
        urls.add("http://" + (isWildcard(http) ? "localhost" : bracket(http)) + ":" + server.httpPort() + "/"
                + (server.httpsPort() > 0 ? "    (this computer only)" : ""));
        return urls;
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static String literal(InetAddress a) {
        String s = NetUtil.toAddressString(a); // RFC 5952: fd00::2, not fd00:0:0:0:0:0:0:2
        return a instanceof Inet6Address ? "[" + s + "]" : s;
    }

    private static String bracket(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
