package dev.parley.server;

import dev.parley.server.tls.LocalCertificate;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Parley's own self-signed certificate for localhost and 127.0.0.1, and a client context that trusts it. */
public record TestCertificates(Path certificate, Path privateKey, SSLContext clientContext) {
    public static TestCertificates create(Path dir) throws Exception {
        var tls = LocalCertificate.ensure(dir, List.of("localhost", "127.0.0.1"));
        return new TestCertificates(tls.certificate(), tls.privateKey(), trusting(read(tls.certificate())));
    }

    public static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    public static SSLContext trusting(X509Certificate cert) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("parley", cert);
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
