package dev.parley.server.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.X509TrustManager;

/**
 * {@code parley doctor}: whether a call could work through a Parley server, looked at the way a
 * browser reaches it: HTTPS and its certificate, the WebSocket through any proxy, the clocks, STUN,
 * TURN over each transport with the credentials the server hands out, a relayed round trip through
 * each, and the relay's peer policy. Each finding in a plain sentence, with the fix.
 */
public final class Doctor {
    /** What to look at, and how: the page's URL, an access token for token mode, certificates to trust besides the CAs. */
    public record Target(URI page, String token, List<X509Certificate> trusted, Duration timeout) {}

    private final Clock clock;

    public Doctor(Clock clock) {
        this.clock = clock;
    }

    public Report examine(Target target) throws GeneralSecurityException {
        URI page = target.page();
        int timeout = (int) target.timeout().toMillis();
        List<Check> checks = new ArrayList<>();
        boolean https = page.getScheme().equals("https");
        int port = page.getPort() > 0 ? page.getPort() : https ? 443 : 80;
        X509TrustManager trust = Trust.manager(target.trusted());
        if (https) {
            checks.addAll(CertificateCheck.run(page.getHost(), port, trust, clock.instant(), timeout));
            if (checks.getFirst().status() == Check.Status.FAIL) return report(page, checks);
        } else {
            checks.add(Check.warn("https", "HTTPS", "the page is plain HTTP: browsers give it the camera only on this machine (localhost)",
                    "Serve HTTPS (Parley's default, with --tls-cert for a real certificate) or put a TLS proxy in front."));
        }
        // Whatever the certificate check said, the page is looked at through it: it has been reported once.
        try (HttpClient http = HttpClient.newBuilder().sslContext(Trust.context(Trust.ANY)).connectTimeout(target.timeout()).build()) {
            SignalingCheck.Result signaling = SignalingCheck.run(page, http, target.token(), target.timeout());
            checks.add(signaling.check());
            checks.add(SignalingCheck.clock(page, http, clock.instant(), target.timeout()));
            if (signaling.welcome() == null) return report(page, checks);
            // TURN over TLS is a certificate of its own (an external coturn's, say): judged as a browser would.
            checks.addAll(media(signaling.welcome(), new IceCheck(timeout, Trust.context(trust).getSocketFactory())));
        }
        return report(page, checks);
    }

    /** Every STUN and TURN URL of the welcome, as a browser would try them. */
    private static List<Check> media(JsonNode welcome, IceCheck ice) {
        List<Check> checks = new ArrayList<>();
        Set<String> stunTried = new LinkedHashSet<>();
        IceCheck.IceUrl policyOn = null;
        String policyUser = null;
        String policyPassword = null;
        boolean anyTurn = false;
        for (JsonNode server : welcome.path("iceServers")) {
            String username = server.path("username").asText(null);
            String credential = server.path("credential").asText(null);
            for (JsonNode u : server.path("urls")) {
                IceCheck.IceUrl url;
                try {
                    url = IceCheck.IceUrl.parse(u.asText());
                } catch (RuntimeException e) {
                    checks.add(Check.fail("ice-url", "ICE server URL", "the server hands out " + u.asText() + ", which is not a STUN or TURN URL",
                            "Fix --ice-server or --turn-external-url."));
                    continue;
                }
                if (!url.scheme().equals("turns") && stunTried.add(url.where())) checks.add(ice.stun(url));
                if (url.scheme().startsWith("turn")) {
                    anyTurn = true;
                    checks.add(ice.turn(url, username, credential, stunPort(welcome, url.host())));
                    if (policyOn == null && url.transport().equals("udp") && username != null && credential != null) {
                        policyOn = url;
                        policyUser = username;
                        policyPassword = credential;
                    }
                }
            }
        }
        if (!anyTurn) {
            checks.add(Check.warn("turn", "TURN", "the server hands out no TURN server: calls between networks that block direct "
                    + "connections (many offices, mobile carriers) will fail", "Keep the built-in one (--turn) or name one (--turn-external-url)."));
        } else if (policyOn != null) {
            checks.add(ice.policy(policyOn, policyUser, policyPassword));
        }
        return checks;
    }

    /** A host's UDP port for STUN: that of its first stun: or UDP turn: URL (3478 without one; stuns: is TLS). */
    private static int stunPort(JsonNode welcome, String host) {
        for (JsonNode server : welcome.path("iceServers")) {
            for (JsonNode u : server.path("urls")) {
                try {
                    IceCheck.IceUrl url = IceCheck.IceUrl.parse(u.asText());
                    if ((url.scheme().equals("stun") || url.scheme().equals("turn")) && url.transport().equals("udp") && url.host().equals(host)) {
                        return url.port();
                    }
                } catch (RuntimeException e) {
                    // reported by the checks themselves
                }
            }
        }
        return 3478;
    }

    private static Report report(URI page, List<Check> checks) {
        return new Report(page.toString(), checks);
    }
}
