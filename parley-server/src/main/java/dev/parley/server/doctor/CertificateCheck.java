package dev.parley.server.doctor;

import dev.parley.server.tls.CertificateNames;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;

/**
 * HTTPS reachable, and its certificate one a browser takes for the name used: trusted, for that
 * name, not expired or about to be. The chain is fetched without judging it (so that whatever is
 * wrong can be said), then judged with the trust store the doctor was given.
 */
final class CertificateCheck {
    static final Duration EXPIRES_SOON = Duration.ofDays(14);

    private CertificateCheck() {}

    static List<Check> run(String host, int port, X509TrustManager trust, Instant now, int timeoutMillis) {
        List<Check> checks = new ArrayList<>();
        String where = host + ":" + port;
        X509Certificate[] chain;
        String protocol;
        try (var plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            SSLContext anyCertificate = Trust.context(Trust.ANY);
            try (var tls = (SSLSocket) anyCertificate.getSocketFactory().createSocket(plain, host, port, true)) {
                tls.startHandshake();
                chain = (X509Certificate[]) tls.getSession().getPeerCertificates();
                protocol = tls.getSession().getProtocol();
            } catch (IOException e) {
                checks.add(Check.fail("https", "HTTPS", "the TLS handshake with " + where + " failed (" + e.getMessage() + ")",
                        "Check that this port serves HTTPS (Parley's --https-port, or the proxy in front); a plain-HTTP port here is a mistake."));
                return checks;
            }
        } catch (IOException e) {
            checks.add(Check.fail("https", "HTTPS", "nothing answers on " + where + " (" + describe(e) + ")",
                    "Start Parley, and open TCP port " + port + " in the firewall (and any cloud security group) in front of it."));
            return checks;
        }
        checks.add(Check.pass("https", "HTTPS", where + " answers over " + protocol));
        checks.add(certificate(host, chain, trust, now));
        return checks;
    }

    static Check certificate(String host, X509Certificate[] chain, X509TrustManager trust, Instant now) {
        X509Certificate leaf = chain[0];
        List<String> names = CertificateNames.of(leaf);
        String renew = "Renew it (certbot renew, or your CA's tool): Parley serves the new files to new connections within 10 s, no restart.";
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            return Check.fail("certificate", "Certificate", "expired on " + day(leaf.getNotAfter().toInstant()) + "; browsers refuse it", renew);
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            return Check.fail("certificate", "Certificate", "not valid before " + day(leaf.getNotBefore().toInstant())
                    + ": this machine's clock or the server's is wrong", "Run NTP (systemd-timesyncd, chrony) on both machines.");
        }
        if (!matches(host, names)) {
            return Check.fail("certificate", "Certificate", "made for " + String.join(", ", names) + ", not " + host
                    + "; browsers refuse it for this name", "Use a certificate that names " + host + ", or open Parley by a name it names.");
        }
        boolean selfSigned = chain.length == 1 && leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
        try {
            trust.checkServerTrusted(chain, leaf.getPublicKey().getAlgorithm().equals("EC") ? "ECDHE_ECDSA" : "ECDHE_RSA");
        } catch (CertificateException e) {
            if (selfSigned) {
                return Check.warn("certificate", "Certificate", "self-signed (Parley's generated one, or your own), for "
                        + String.join(", ", names) + ": each browser shows a warning on its first visit, and TURN over TLS is not offered",
                        "For a public server use a certificate from a CA (Let's Encrypt: --tls-cert fullchain.pem --tls-key privkey.pem); "
                                + "to check this one, give it to the doctor with --trust.");
            }
            return Check.fail("certificate", "Certificate", "not trusted (" + e.getMessage() + "); issued by "
                    + leaf.getIssuerX500Principal().getName() + " with " + (chain.length - 1) + " intermediate(s) sent",
                    "Serve the whole chain (fullchain.pem, not cert.pem) with --tls-cert.");
        }
        Duration left = Duration.between(now, leaf.getNotAfter().toInstant());
        String valid = "valid for " + String.join(", ", names) + " until " + day(leaf.getNotAfter().toInstant()) + " (" + left.toDays() + " days)";
        if (left.compareTo(EXPIRES_SOON) < 0) {
            return Check.warn("certificate", "Certificate", valid + ": about to expire, and nothing renewed it yet", renew);
        }
        return Check.pass("certificate", "Certificate", valid);
    }

    /** RFC 6125: an IP address equals an iPAddress name; a DNS name matches a name or a wildcard for its first label. */
    static boolean matches(String host, List<String> names) {
        String h = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|\\]$", "");
        boolean literal = h.contains(":") || h.matches("[0-9.]+");
        for (String name : names) {
            String n = name.toLowerCase(Locale.ROOT);
            if (literal) {
                if ((n.contains(":") || n.matches("[0-9.]+")) && sameAddress(h, n)) return true;
            } else if (n.equals(h) || n.startsWith("*.") && h.indexOf('.') > 0 && h.substring(h.indexOf('.')).equals(n.substring(1))) {
                return true;
            }
        }
        return false;
    }

    /** Two address literals (no lookup: both are literals), equal whatever their spelling (::1 and 0:0:0:0:0:0:0:1). */
    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (IOException e) {
            return false;
        }
    }

    private static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    static String describe(IOException e) {
        String why = e.getMessage();
        return why == null || why.isBlank() ? e.getClass().getSimpleName() : why;
    }
}
