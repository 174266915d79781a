package dev.parley.server.cli;

import dev.parley.server.doctor.Doctor;
import dev.parley.server.doctor.Report;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code parley doctor [URL]}: whether calls could work through a server, with the fix for whatever would stop them. */
@Command(name = "doctor", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false, showDefaultValues = true,
        description = {"Check that calls can work through a Parley server, as a browser reaches it: HTTPS and its certificate, the WebSocket "
                + "through any proxy, the clocks, STUN, TURN over UDP, TCP and TLS with the credentials the server hands out, a relayed round "
                + "trip through each, and the relay's peer policy. Each finding is a sentence, with the fix.",
                "Exit code 0 if calls can work, 1 if something would stop them, 2 for a bad option."})
final class DoctorCommand implements Callable<Integer> {
    static final int CALLS_WOULD_FAIL = 1;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    ParleyCommand parent;

    @Parameters(arity = "0..1", paramLabel = "URL",
            description = "The server's page, e.g. https://calls.example.org (what users open). Default: this machine's server as configured "
                    + "(its options, PARLEY_* variables or --config), by the name in its certificate (localhost with the generated one).")
    String url;

    @Option(names = "--json", description = "Print the report as JSON (target, callsCanWork, verdict, checks: id, title, status, finding, fix).")
    boolean json;

    @Option(names = "--trust", paramLabel = "PEM", description = "Trust this certificate besides the CAs (a self-signed server's parley-cert.pem).")
    List<Path> trust = List.of();

    @Option(names = "--token", showDefaultValue = CommandLine.Help.Visibility.NEVER, description = "An access token for a server in token mode (./parley token prints one).")
    String token;

    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long each step may take (1s to 1m).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        var problems = new Problems();
        problems.duration("--timeout", timeout, Duration.ofSeconds(1), Duration.ofMinutes(1));
        URI page = problems.attempt(this::page);
        List<X509Certificate> trusted = new ArrayList<>();
        for (Path file : trust) {
            try {
                trusted.addAll(TrustedCertificate.certificates(file));
            } catch (IOException | CertificateException e) {
                problems.add("--trust " + file + ": " + (e instanceof IOException io ? Failures.describe(io) : "not a PEM certificate"));
            }
        }
        problems.throwIfAny(spec.commandLine());
        Report report;
        try {
            report = new Doctor(Clock.systemUTC()).examine(new Doctor.Target(page, token, trusted, timeout));
        } catch (GeneralSecurityException e) {
            throw new IOException("this Java runtime cannot check certificates: " + e.getMessage(), e);
        }
        var out = spec.commandLine().getOut();
        out.print(json ? report.json() : report.text());
        out.flush();
        return report.callsCanWork() ? 0 : CALLS_WOULD_FAIL;
    }

    /** The URL given, or this machine's server as its options describe it. */
    private URI page() {
        if (url == null) {
            return defaultPage(parent.https, parent.httpsPort, parent.httpHost, parent.httpPort,
                    parent.tlsCert == null ? List.of() : dev.parley.server.tls.CertificateNames.of(parent.tlsCert));
        }
        URI page;
        try {
            page = URI.create(url.contains("://") ? url : "https://" + url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("URL " + url + " is not a URL");
        }
        if (!("https".equals(page.getScheme()) || "http".equals(page.getScheme())) || page.getHost() == null) {
            throw new IllegalArgumentException("URL must be http:// or https:// and name a host, not '" + url + "'");
        }
        return page;
    }

    /**
     * This machine's server as configured: HTTPS at the name users reach it by, as its certificate says
     * (its first DNS name, so that the doctor looks the way they do), or localhost with the generated
     * certificate; without HTTPS, plain HTTP where it listens (loopback for every interface).
     */
    static URI defaultPage(boolean https, int httpsPort, String httpHost, int httpPort, List<String> certificateNames) {
        if (!https) {
            String bare = Hosts.listen("--http-host", httpHost);
            boolean everywhere;
            try {
                everywhere = java.net.InetAddress.getByName(bare).isAnyLocalAddress(); // a literal: no lookup
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("--http-host " + httpHost + " is not an IP address");
            }
            String host = everywhere ? "127.0.0.1" : bare.contains(":") ? "[" + bare + "]" : bare;
            return URI.create("http://" + host + ":" + httpPort + "/");
        }
        String host = certificateNames.stream().filter(n -> !n.startsWith("*.") && !n.contains(":") && !n.matches("[0-9.]+"))
                .findFirst().orElse("localhost");
        return URI.create("https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort) + "/");
    }
}
