package dev.parley.server.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
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
        Contents files = Contents.required(certificate, key);
        this.current = load(files).context();
        this.loaded = files.digest();
    }

    /** Loads the pair now, failing as a fixed context would; {@link #watch} starts the looking. */
    public static ReloadingSslContext of(Path certificate, Path key) throws SSLException {
        return new ReloadingSslContext(certificate, key);
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
        Contents files = Contents.read(certificate, key);
        if (files == null) return false; // mid-replacement: looked at again next time
        byte[] now = files.digest();
        if (Arrays.equals(now, loaded) || Arrays.equals(now, refused)) return false;
        try {
            Loaded pair = load(files);
            current = pair.context();
            loaded = now;
            refused = null;
            X509Certificate c = pair.certificate();
            log.info("TLS certificate {} reloaded: {}, valid until {}", certificate, c.getSubjectX500Principal().getName(), c.getNotAfter().toInstant());
            return true;
        } catch (SSLException e) {
            refused = now;
            log.warn("TLS certificate {} changed but cannot be used yet ({}); keeping the one in use and looking again", certificate, e.getMessage());
            return false;
        }
    }

    /** The two files' content, read once, so what is compared is what is loaded. */
    private record Contents(Path certificatePath, Path keyPath, byte[] certificate, byte[] key) {
        /** Both files, or null if one cannot be read (a renewal replacing it, say). */
        static Contents read(Path certificate, Path key) {
            try {
                return new Contents(certificate, key, Files.readAllBytes(certificate), Files.readAllBytes(key));
            } catch (IOException e) {
                return null;
            }
        }

        /** Both files, or why not. */
        static Contents required(Path certificate, Path key) throws SSLException {
            Contents read = read(certificate, key);
            if (read == null) throw new SSLException("cannot read certificate " + certificate + " or key " + key);
            return read;
        }

        /** Both contents, so a change of either is seen whatever the files' times say. */
        byte[] digest() {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(certificate);
                sha.update((byte) 0);
                sha.update(key);
                return sha.digest();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A context, and the certificate it serves first (for the log). */
    private record Loaded(SslContext context, X509Certificate certificate) {}

    /**
     * The certificate chain and PKCS#8 key as a server context, or why not. The key must be the
     * certificate's: a context takes any pair, and a wrong one would fail only in every handshake.
     */
    public static SslContext load(Path certificate, Path key) throws SSLException {
        return load(Contents.required(certificate, key)).context();
    }

    private static Loaded load(Contents files) throws SSLException {
        try {
            X509Certificate[] chain = toX509Certificates(new ByteArrayInputStream(files.certificate()));
            PrivateKey privateKey = toPrivateKey(new ByteArrayInputStream(files.key()), null);
            if (chain.length == 0) throw new SSLException("no certificate in " + files.certificatePath());
            if (!signsFor(privateKey, chain[0].getPublicKey())) throw new SSLException("the key " + files.keyPath() + " is not the certificate's");
            return new Loaded(SslContextBuilder.forServer(privateKey, chain).build(), chain[0]);
        } catch (SSLException e) {
            throw e;
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new SSLException("cannot use certificate " + files.certificatePath() + " with key " + files.keyPath() + ": " + e.getMessage(), e);
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
