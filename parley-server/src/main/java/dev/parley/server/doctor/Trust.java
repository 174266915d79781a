package dev.parley.server.doctor;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/** The trust the doctor judges certificates with, and the lack of it it talks through once it has judged. */
final class Trust {
    /**
     * Accepts any certificate for any name. Only for the checks after the certificate check, which
     * has said already what is wrong with it: the WebSocket and TURN over TLS are still worth looking at.
     */
    static final X509TrustManager ANY = new X509ExtendedTrustManager() {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    private Trust() {}

    /** The JDK's CA certificates, and these besides (a self-signed server's own, given with --trust). */
    static X509TrustManager manager(List<X509Certificate> extra) throws GeneralSecurityException {
        X509TrustManager system = of(null);
        if (extra.isEmpty()) return system;
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        for (int i = 0; i < extra.size(); i++) store.setCertificateEntry("trusted-" + i, extra.get(i));
        X509TrustManager given = of(store);
        return new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                system.checkClientTrusted(chain, authType);
            }

            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    given.checkServerTrusted(chain, authType);
                } catch (CertificateException notGiven) {
                    system.checkServerTrusted(chain, authType);
                }
            }

            @Override public X509Certificate[] getAcceptedIssuers() {
                return system.getAcceptedIssuers();
            }
        };
    }

    static SSLContext context(X509TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this Java runtime", e);
        }
    }

    private static X509TrustManager of(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager m : factory.getTrustManagers()) if (m instanceof X509TrustManager x) return x;
        throw new GeneralSecurityException("no X.509 trust manager");
    }
}
