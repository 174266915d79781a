package dev.parley.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ParleyClient;
import dev.parley.server.Inbox;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.ServerConfig.Endpoint;
import dev.parley.server.TestCertificates;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateTest {
    private static X509Certificate read(Path pem) throws Exception {
        return TestCertificates.read(pem);
    }

    @TempDir
    Path dir;

    @Test
    void namesLocalhostTheHostAndEveryAddress() throws Exception {
        List<String> hosts = LocalCertificate.hostsFor("box", List.of(InetAddress.getByName("192.168.1.20"),
                InetAddress.getByName("fd00::2"), InetAddress.getByName("127.0.0.1")));
        assertThat(hosts).containsExactly("localhost", "box", "box.local", "192.168.1.20", "fd00::2", "127.0.0.1");

        var tls = LocalCertificate.ensure(dir, hosts);
        X509Certificate cert = read(tls.certificate());
        Set<String> sans = cert.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).collect(Collectors.toSet());
        assertThat(sans).contains("localhost", "box", "box.local", "192.168.1.20", "127.0.0.1").anyMatch(s -> s.startsWith("fd00:"));
        assertThat(cert.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(365)));
        assertThat(cert.getBasicConstraints()).isEqualTo(-1); // not a CA
        assertThat(Files.getPosixFilePermissions(tls.privateKey()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    /** Phones mostly reach a LAN host by mDNS ({@code https://mypc.local:8443}): the name must match the certificate. */
    @Test
    void aSingleLabelHostNameIsNamedWithItsMdnsTwinAndOtherNamesAsTheyAre() throws Exception {
        assertThat(LocalCertificate.hostsFor("mypc", List.of())).containsExactly("localhost", "mypc", "mypc.local");
        assertThat(LocalCertificate.hostsFor("mypc.example.org", List.of())).containsExactly("localhost", "mypc.example.org");
        assertThat(LocalCertificate.hostsFor("localhost", List.of())).containsExactly("localhost");
        assertThat(LocalCertificate.hostsFor(null, List.of(InetAddress.getByName("10.0.0.5")))).containsExactly("localhost", "10.0.0.5");
    }

    @Test
    void aCertificateMadeBeforeTheMdnsNameIsMadeAgain() throws Exception {
        var first = LocalCertificate.ensure(dir, List.of("localhost", "mypc", "10.0.0.5"));
        byte[] before = Files.readAllBytes(first.certificate());
        LocalCertificate.ensure(dir, LocalCertificate.hostsFor("mypc", List.of(InetAddress.getByName("10.0.0.5"))));
        assertThat(Files.readAllBytes(first.certificate())).isNotEqualTo(before);
        assertThat(CertificateNames.of(first.certificate())).contains("mypc.local");
    }

    @Test
    void keepsTheCertificateWhileItStillFitsAndRemakesItWhenAnAddressIsNew() throws Exception {
        var first = LocalCertificate.ensure(dir, List.of("localhost", "10.0.0.5"));
        byte[] before = Files.readAllBytes(first.certificate());
        LocalCertificate.ensure(dir, List.of("localhost", "10.0.0.5"));
        assertThat(Files.readAllBytes(first.certificate())).isEqualTo(before);

        LocalCertificate.ensure(dir, List.of("localhost", "10.0.0.5", "10.0.0.6"));
        assertThat(Files.readAllBytes(first.certificate())).isNotEqualTo(before);
    }

    @Test
    void anEmptyOrForeignKeyBesideAGoodCertificateIsReplacedAndNothingElseIsLeft() throws Exception {
        var paths = LocalCertificate.ensure(dir, List.of("localhost"));
        Files.writeString(paths.privateKey(), ""); // as a crash during a non-atomic write could leave it
        LocalCertificate.ensure(dir, List.of("localhost"));
        assertThat(Files.readString(paths.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        io.netty.handler.ssl.SslContextBuilder.forServer(paths.certificate().toFile(), paths.privateKey().toFile()).build();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.privateKey()))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("parley-cert.pem", "parley-key.pem");
        }
    }

    @Test
    void anUnreadableStoredCertificateIsReplaced() throws Exception {
        var paths = LocalCertificate.pathsIn(dir);
        Files.writeString(paths.certificate(), "garbage");
        Files.writeString(paths.privateKey(), "garbage");
        LocalCertificate.ensure(dir, List.of("localhost"));
        assertThat(read(paths.certificate()).getSubjectAlternativeNames()).isNotEmpty();
    }

    @Test
    void aBrowserStyleClientTrustingItConnectsOverWss() throws Exception {
        var tls = LocalCertificate.ensure(dir, List.of("localhost", "127.0.0.1"));
        var config = ServerConfig.loopback(0).withHttps(new Endpoint("127.0.0.1", 0), tls);
        try (var server = ParleyServer.start(config);
             var client = ParleyClient.builder(URI.create("wss://127.0.0.1:" + server.httpsPort() + "/ws"))
                     .sslContext(TestCertificates.trusting(read(tls.certificate()))).listener(new Inbox()).connect()) {
            assertThat(client.welcome().protocol()).isEqualTo(1); // hostname verified against the IP SAN
        }
    }
}
