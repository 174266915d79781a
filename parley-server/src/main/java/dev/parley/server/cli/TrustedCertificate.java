package dev.parley.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Client-side trust in one PEM file's certificates (a server's self-signed one): the certificates, or an SSL context. */
final class TrustedCertificate {
    private TrustedCertificate() {}

    static SSLContext sslContext(Path pem) throws IOException, GeneralSecurityException {
        List<X509Certificate> certificates = certificates(pem);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (Certificate c : certificates) store.setCertificateEntry("trusted-" + n++, c);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** The certificates of a PEM file, at least one. */
    static List<X509Certificate> certificates(Path pem) throws IOException, CertificateException {
        List<X509Certificate> list = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pem)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) list.add((X509Certificate) c);
        }
        if (list.isEmpty()) throw new CertificateException("no certificate in it");
        return list;
    }
}
