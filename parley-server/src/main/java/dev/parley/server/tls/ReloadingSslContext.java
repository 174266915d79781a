package dev.parley.server.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSessionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server TLS context that follows its certificate and key files: a renewed certificate (certbot,
 * acme.sh, a copy by hand) is used by every connection made after it is noticed, with no restart,
 * on the HTTPS listener and TURN's TLS listener alike; connections already open keep theirs.
 * Renewal tools write the two files one after the other, so a pair that does not load yet (the new
 * certificate beside the old key) is left alone, said once, and tried again at the next look.
 */
public final class ReloadingSslContext extends SslContext implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReloadingSslContext.class);
    /** How often the files are looked at: a renewed certificate is in use within this. */
    public static final Duration CHECK_EVERY = Duration.ofSeconds(10);

    private final Path certificate;
    private final Path key;
    /** The context new connections get; replaced whole, read without a lock by any event loop. */
    private volatile SslContext current;
    /** Digest of the files {@link #current} was made from; guarded by this. */
    private byte[] loaded;
    /** Digest of files that did not load, said once; guarded by this. */
    private byte[] refused;
    private volatile ScheduledFuture<?> watch;

    private ReloadingSslContext(Path certificate, Path key) throws SSLException {
        this.certificate = certificate;
        this.key = key;
        this.loaded = digest();
        this.current = load(certificate, key);
    }

    /** Loads the pair now, failing as a fixed context would; {@link #watch(ScheduledExecutorService, Duration)} starts the looking. */
    public static ReloadingSslContext of(Path certificate, Path key) throws SSLException {
        return new ReloadingSslContext(certificate, key);
    }

    /** Loads the pair now and looks at the files again every {@code every}. */
    public static ReloadingSslContext watch(Path certificate, Path key, ScheduledExecutorService timers, Duration every) throws SSLException {
        return of(certificate, key).watch(timers, every);
    }

    /** Looks at the files again every {@code every}, until closed. */
    public ReloadingSslContext watch(ScheduledExecutorService timers, Duration every) {
        long ms = every.toMillis();
        watch = timers.scheduleWithFixedDelay(this::checkQuietly, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    /** A scheduled look: whatever goes wrong is said, and the next look still comes. */
    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("TLS certificate {}: looking at the files failed; trying again later", certificate, e);
        }
    }

    /** Looks at the files now: true if they changed and the new pair is in use. */
    public synchronized boolean check() {
        byte[] now = digest();
        if (now == null || Arrays.equals(now, loaded) || Arrays.equals(now, refused)) return false;
        try {
            current = load(certificate, key);
            loaded = now;
            refused = null;
            log.info("TLS certificate {} reloaded: {}", certificate, describe());
            return true;
        } catch (SSLException e) {
            refused = now;
            log.warn("TLS certificate {} changed but cannot be used yet ({}); keeping the one in use and looking again", certificate, e.getMessage());
            return false;
        }
    }

    /** The first certificate's subject and end of validity, for the log. */
    private String describe() {
        try (var in = Files.newInputStream(certificate)) {
            var c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return c.getSubjectX500Principal().getName() + ", valid until " + c.getNotAfter().toInstant();
        } catch (IOException | CertificateException e) {
            return "(unreadable now: " + e.getMessage() + ")";
        }
    }

    /** Both files' content, so a change of either is seen whatever their times say; null if one cannot be read. */
    private byte[] digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(certificate));
            sha.update((byte) 0);
            sha.update(Files.readAllBytes(key));
            return sha.digest();
        } catch (IOException e) {
            return null; // mid-replacement: looked at again next time
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The certificate chain and PKCS#8 key as a server context, or why not. The key must be the
     * certificate's: a context takes any pair, and a wrong one would fail only in every handshake.
     */
    public static SslContext load(Path certificate, Path key) throws SSLException {
        try {
            X509Certificate[] chain = toX509Certificates(certificate.toFile());
            PrivateKey privateKey = toPrivateKey(key.toFile(), null);
            if (chain.length == 0) throw new SSLException("no certificate in " + certificate);
            if (!signsFor(privateKey, chain[0].getPublicKey())) throw new SSLException("the key " + key + " is not the certificate's");
            return SslContextBuilder.forServer(privateKey, chain).build();
        } catch (SSLException e) {
            throw e;
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new SSLException("cannot use certificate " + certificate + " with key " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether what the private key signs, the public key verifies (for the key types a web
     * certificate has). Both are read again through the JDK's own key factory: a key parsed by
     * another provider (Bouncy Castle's "ECDSA") is not one the JDK's signatures take.
     */
    private static boolean signsFor(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        String[] kind = switch (privateKey.getAlgorithm()) { // key factory, signature
            case "RSA" -> new String[] {"RSA", "SHA256withRSA"};
            case "EC", "ECDSA" -> new String[] {"EC", "SHA256withECDSA"};
            case "Ed25519", "Ed448", "EdDSA" -> new String[] {"EdDSA", "EdDSA"};
            default -> null;
        };
        if (kind == null) return true; // a type this cannot try: the handshake will tell
        KeyFactory keys = KeyFactory.getInstance(kind[0]);
        PrivateKey signing = keys.generatePrivate(new PKCS8EncodedKeySpec(privateKey.getEncoded()));
        PublicKey verifying;
        try {
            verifying = keys.generatePublic(new X509EncodedKeySpec(publicKey.getEncoded()));
        } catch (InvalidKeySpecException e) {
            return false; // the certificate's key is of another type altogether
        }
        byte[] probe = "parley certificate check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(kind[1]);
        signer.initSign(signing);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(kind[1]);
        verifier.initVerify(verifying);
        verifier.update(probe);
        return verifier.verify(signature);
    }

    @Override
    public void close() {
        var w = watch;
        if (w != null) w.cancel(false);
    }

    @Override
    public boolean isClient() {
        return false;
    }

    @Override
    public List<String> cipherSuites() {
        return current.cipherSuites();
    }

    @Override
    public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
        return current.applicationProtocolNegotiator();
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc) {
        return current.newEngine(alloc);
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
        return current.newEngine(alloc, peerHost, peerPort);
    }

    @Override
    public SSLSessionContext sessionContext() {
        return current.sessionContext();
    }
}
