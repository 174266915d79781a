package dev.parley.server.tls;

import dev.parley.server.SecretFiles;
import dev.parley.server.ServerConfig.Tls;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-signed certificate Parley makes on first run so phones on the LAN can reach it over
 * HTTPS (browsers only give camera and microphone to secure pages). It is kept in the data
 * directory and made again when it no longer names every current address, or nears its end.
 */
public final class LocalCertificate {
    private static final Logger log = LoggerFactory.getLogger(LocalCertificate.class);
    /** Browsers cap trusted certificates at about 13 months; a local one may as well follow. */
    static final Duration VALIDITY = Duration.ofDays(397);
    /** Renewed when less than this remains, so it never expires under a running server. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private LocalCertificate() {}

    /**
     * The certificate and key in {@code dir}, made (or made again) so that they name every one of
     * {@code hosts} (DNS names and IP literals) and are valid for a while yet.
     */
    public static Tls ensure(Path dir, Collection<String> hosts) throws IOException {
        Tls paths = pathsIn(dir);
        Path cert = paths.certificate();
        Path key = paths.privateKey();
        if (Files.exists(cert) && Files.exists(key) && stillGood(cert, hosts) && keyMatches(key, cert)) return new Tls(cert, key);
        Files.createDirectories(dir);
        try {
            KeyPair keys = keyPair();
            X509Certificate certificate = selfSigned(keys, hosts);
            writeAtomically(key, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            writeAtomically(cert, pem("CERTIFICATE", certificate.getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make a certificate: " + e.getMessage(), e);
        }
        log.info("made a self-signed certificate for {} in {}", hosts, dir);
        return new Tls(cert, key);
    }

    /** Where {@link #ensure} keeps the certificate and key in {@code dir}. */
    public static Tls pathsIn(Path dir) {
        return new Tls(dir.resolve("parley-cert.pem"), dir.resolve("parley-key.pem"));
    }

    /** The names a certificate must carry, as the strings {@link #ensure} takes. */
    public static List<String> hostsFor(String hostName, Collection<InetAddress> addresses) {
        List<String> hosts = new ArrayList<>(List.of("localhost"));
        for (String name : LocalAddresses.names(hostName)) if (!hosts.contains(name)) hosts.add(name);
        for (InetAddress a : addresses) {
            String literal = NetUtil.toAddressString(a);
            if (!hosts.contains(literal)) hosts.add(literal);
        }
        return hosts;
    }

    private static boolean stillGood(Path certFile, Collection<String> hosts) {
        try (var in = Files.newInputStream(certFile)) {
            var cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            if (cert.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) return false;
            Set<String> named = new HashSet<>();
            var sans = cert.getSubjectAlternativeNames();
            if (sans != null) for (List<?> san : sans) named.add(normalise(String.valueOf(san.get(1))));
            return hosts.stream().map(LocalCertificate::normalise).allMatch(named::contains);
        } catch (IOException | GeneralSecurityException e) {
            log.warn("the stored certificate {} is unreadable ({}); making a new one", certFile, e.getMessage());
            return false;
        }
    }

    /** The stored key is whole and belongs to the certificate (an earlier crash may have left half of it). */
    private static boolean keyMatches(Path keyFile, Path certFile) {
        try (var in = Files.newInputStream(certFile)) {
            var cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            String pem = Files.readString(keyFile, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----|\\s", "");
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            byte[] probe = "parley".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) return true;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            // unreadable: made again below
        }
        log.warn("the stored key {} is unreadable or not the certificate's; making a new pair", keyFile);
        return false;
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256, new SecureRandom());
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair keys, Collection<String> hosts)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        var subject = new X500Name("CN=Parley on " + hosts.stream().skip(1).findFirst().orElse("localhost").replace(',', ' '));
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(hosts.stream().map(LocalCertificate::generalName).toArray(GeneralName[]::new)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private static GeneralName generalName(String host) {
        boolean ip = host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host);
    }

    /** IPv6 literals compare in one canonical spelling. */
    private static String normalise(String host) {
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
        return ip != null ? NetUtil.bytesToIpAddress(ip) : host.toLowerCase(java.util.Locale.ROOT);
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + kind + "-----\n";
    }

    /** All or nothing, owner-only from creation (the certificate too: nobody else needs it). */
    private static void writeAtomically(Path file, String content) throws IOException {
        SecretFiles.writeAtomically(file, content.getBytes(StandardCharsets.US_ASCII), true);
    }
}
