package dev.parley.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The host names and addresses a certificate is for: its subject alternative names (what browsers check). */
public final class CertificateNames {
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private CertificateNames() {}

    /** The DNS names (wildcards as written) and IP literals of the first certificate in a PEM file; none if unreadable. */
    public static List<String> of(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return List.of(); // the TLS context reports a bad certificate with a clear message
        }
    }

    /** The DNS names (wildcards as written) and IP literals of a certificate; none if they cannot be read. */
    public static List<String> of(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            var sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.get(0) instanceof Integer type && (type == DNS_NAME || type == IP_ADDRESS)) names.add(String.valueOf(san.get(1)));
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // no readable names: it matches nothing
        }
        return names;
    }
}
