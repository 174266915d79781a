package dev.parley.server.cli;

import dev.parley.server.SecretFiles;
import dev.parley.server.tls.ReloadingSslContext;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The checks a start makes against this machine before it writes anything: the data directory and
 * the secrets already in it, the given certificate, the listen addresses, and then the ports.
 */
final class Preflight {
    private Preflight() {}

    /** A listener to be: the protocol, where, and the options that move it. */
    record Listener(String protocol, String host, int port, String hostOption, String portOption) {}

    /** The data directory is a directory, or can be made one; the secrets in it are usable or absent. */
    static void dataDirectory(Problems problems, Path dir, List<String> secretFiles) {
        Path absolute = dir.toAbsolutePath();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return;
        String what = "the data directory " + dir + " (--data-dir)";
        if (!Files.isDirectory(existing)) {
            problems.add(what + (existing.equals(absolute) ? " is a file, not a directory" : ": " + existing + " is a file, not a directory"));
            return;
        }
        if (!Files.isWritable(existing)) {
            problems.add(what + ": " + existing + " is not writable");
            return;
        }
        for (String name : secretFiles) {
            try {
                SecretFiles.read(dir, name);
            } catch (IllegalArgumentException | IOException e) {
                problems.add(e instanceof IOException io ? "cannot read " + dir.resolve(name) + ": " + Failures.describe(io) : e.getMessage());
            }
        }
    }

    /** The certificate and key can be read and make a TLS server context. */
    static void certificate(Problems problems, Path cert, Path key) {
        boolean present = problems.require(Files.isReadable(cert), "--tls-cert " + cert + ": no such readable file");
        present &= problems.require(Files.isReadable(key), "--tls-key " + key + ": no such readable file");
        if (!present) return;
        try {
            ReloadingSslContext.load(cert, key); // as the server will: the key must be the certificate's
        } catch (Exception e) {
            problems.add("--tls-cert " + cert + " with --tls-key " + key + " cannot be used: " + Failures.describe(e)
                    + " (PEM certificate chain and PKCS#8 private key)");
        }
    }

    /** Each listen address is one of this machine's (or a wildcard), and no two listeners want the same port. */
    static void addresses(Problems problems, List<Listener> listeners) {
        for (int i = 0; i < listeners.size(); i++) {
            for (int j = 0; j < i; j++) {
                Listener a = listeners.get(i), b = listeners.get(j);
                if (a.port() > 0 && a.port() == b.port() && a.protocol().equals(b.protocol()) && !a.portOption().equals(b.portOption())
                        && (a.host().equals(b.host()) || wildcard(a.host()) || wildcard(b.host()))) {
                    problems.add(b.portOption() + " and " + a.portOption() + " both ask for " + a.protocol() + " port " + a.port());
                }
            }
        }
        listeners.stream().filter(l -> l.port() >= 0).map(l -> List.of(l.host(), l.hostOption())).distinct().forEach(h -> {
            try (var probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getByName(h.get(0)), 0));
            } catch (IOException e) {
                problems.add(h.get(1) + " " + h.get(0) + " is not an address of this machine (" + Failures.describe(e) + ")");
            }
        });
    }

    private static boolean wildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::");
    }

    /**
     * Each fixed port is free now (a probe, bound and released at once; the real bind that follows
     * still reports a port taken in between). Throws a {@link StartFailure} naming the port and the
     * option that moves it.
     */
    static void ports(List<Listener> listeners) throws StartFailure {
        for (Listener l : listeners) {
            if (l.port() <= 0) continue;
            var at = new InetSocketAddress(l.host(), l.port());
            try {
                if (l.protocol().equals("udp")) {
                    try (var probe = new DatagramSocket(at)) {
                        // bound: free
                    }
                } else {
                    try (var probe = new ServerSocket()) {
                        probe.setReuseAddress(true);
                        probe.bind(at);
                    }
                }
            } catch (IOException e) {
                throw new StartFailure("cannot listen on " + l.protocol() + " port " + l.port() + " of " + l.host() + ": "
                        + Failures.describe(e) + "; choose another with " + l.portOption() + (l.portOption().startsWith("--turn") ? " (or --no-turn)" : ""));
            }
        }
    }
}
