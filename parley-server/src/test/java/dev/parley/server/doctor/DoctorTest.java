package dev.parley.server.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.parley.server.ParleyServer;
import dev.parley.server.TestCertificates;
import dev.parley.server.cli.ParleyCommand;
import java.math.BigInteger;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: {@code parley doctor} against real servers on loopback, one healthy and one for each way
 * a deployment goes wrong: an expired certificate, a proxy that drops the WebSocket upgrade, a
 * stopped TURN server, a wrong external address, a closed relay port range, a peer policy too open,
 * token mode without a token. Every address is in 127.0.0.0/8; the policy check only asks for
 * permissions, nothing is sent to the addresses it names.
 */
class DoctorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    /** A server configured as the command line would, TURN and the relay on 127.0.0.1 (and relaying to it). */
    private ParleyServer start(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--http-host", "127.0.0.1", "--http-port", "0", "--https-host", "127.0.0.1",
                "--https-port", "0", "--turn-listen-host", "127.0.0.1", "--turn-port", "0", "--turn-tls-port", "0",
                "--turn-relay-ip", "127.0.0.1", "--data-dir", dir.resolve("data").toString()));
        if (!List.of(args).contains("--turn-allow-peer")) all.addAll(List.of("--turn-allow-peer", "127.0.0.0/8", "--turn-allow-dangerous-peers"));
        all.addAll(List.of(args));
        var command = new ParleyCommand();
        ParleyCommand.commandLine(command, Map.of()).parseArgs(all.toArray(String[]::new));
        return ParleyServer.start(command.config());
    }

    private TestCertificates certificate() throws Exception {
        return TestCertificates.create(dir.resolve("tls"));
    }

    private static Report examine(URI page, List<X509Certificate> trusted, String token) throws Exception {
        return new Doctor(Clock.systemUTC()).examine(new Doctor.Target(page, token, trusted, TIMEOUT));
    }

    private static Check check(Report report, String id) {
        return report.checks().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + id + " in\n" + report.text()));
    }

    @Test
    void aGoodServerPassesEveryCheckOverEveryTransport() throws Exception {
        var tls = certificate();
        try (var server = start("--tls-cert", tls.certificate().toString(), "--tls-key", tls.privateKey().toString())) {
            Report report = examine(URI.create("https://127.0.0.1:" + server.httpsPort()), List.of(TestCertificates.read(tls.certificate())), null);
            assertThat(report.checks()).as(report.text()).extracting(Check::status).containsOnly(Check.Status.PASS);
            assertThat(report.checks()).extracting(Check::id).containsExactly("https", "certificate", "websocket", "clock", "stun",
                    "turn-udp", "turn-tcp", "turn-tls", "peer-policy");
            assertThat(check(report, "turn-tls").finding()).contains("relays from 127.0.0.1", "came in through the relay", "went back out");
            assertThat(report.callsCanWork()).isTrue();
            assertThat(report.verdict()).isEqualTo("calls will work");
            JsonNode json = new ObjectMapper().readTree(report.json());
            assertThat(json.path("callsCanWork").asBoolean()).isTrue();
            assertThat(json.path("checks")).hasSize(9);
            assertThat(json.path("checks").get(5).path("status").asText()).isEqualTo("pass");

            // The same server as a browser that was not told to trust the certificate sees it: a page it warns
            // about and can click through, but TURN over TLS it silently refuses.
            Report untrusted = examine(URI.create("https://127.0.0.1:" + server.httpsPort()), List.of(), null);
            assertThat(check(untrusted, "certificate").status()).as("self-signed, not given with --trust").isEqualTo(Check.Status.WARN);
            assertThat(check(untrusted, "certificate").fix()).contains("Let's Encrypt", "--trust");
            assertThat(check(untrusted, "turn-udp").status()).isEqualTo(Check.Status.PASS);
            assertThat(check(untrusted, "turn-tls").status()).isEqualTo(Check.Status.FAIL);
            assertThat(check(untrusted, "turn-tls").finding()).startsWith("browsers refuse this TURN server's certificate");
            Report byName = examine(URI.create("https://localhost:" + server.httpsPort()), List.of(TestCertificates.read(tls.certificate())), null);
            assertThat(check(byName, "certificate").finding()).as("the name is in the certificate").contains("valid for localhost");
        }
    }

    @Test
    void anExpiredCertificateFailsWithTheDateAndTheFix() throws Exception {
        Path cert = dir.resolve("expired-cert.pem"), key = dir.resolve("expired-key.pem");
        X509Certificate expired = expiredCertificate(cert, key);
        try (var server = start("--tls-cert", cert.toString(), "--tls-key", key.toString())) {
            Report report = examine(URI.create("https://127.0.0.1:" + server.httpsPort()), List.of(expired), null);
            Check c = check(report, "certificate");
            assertThat(c.status()).isEqualTo(Check.Status.FAIL);
            assertThat(c.finding()).startsWith("expired on " + java.time.LocalDate.ofInstant(expired.getNotAfter().toInstant(), java.time.ZoneOffset.UTC));
            assertThat(c.fix()).contains("Renew it", "no restart");
            assertThat(report.callsCanWork()).isFalse();
            assertThat(check(report, "websocket").status()).as("the rest is still looked at").isEqualTo(Check.Status.PASS);
        }
    }

    @Test
    void nothingListeningIsSaidPlainly() throws Exception {
        int closed;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Report report = examine(URI.create("https://127.0.0.1:" + closed), List.of(), null);
        assertThat(report.checks()).hasSize(1);
        assertThat(check(report, "https").finding()).startsWith("nothing answers on 127.0.0.1:" + closed);
        assertThat(check(report, "https").fix()).contains("open TCP port " + closed);
        assertThat(report.text()).contains("[FAIL] HTTPS: nothing answers", "Verdict: calls will fail for some or all users: HTTPS failed");
    }

    @Test
    void aProxyThatDropsTheUpgradeIsNamed() throws Exception {
        // What nginx does without the Upgrade headers: the request reaches a backend as plain HTTP and gets a page.
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", exchange -> {
            byte[] body = "<html>ok</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        proxy.start();
        try {
            Report report = examine(URI.create("http://127.0.0.1:" + proxy.getAddress().getPort()), List.of(), null);
            assertThat(check(report, "https").status()).as("plain HTTP").isEqualTo(Check.Status.WARN);
            Check ws = check(report, "websocket");
            assertThat(ws.status()).isEqualTo(Check.Status.FAIL);
            assertThat(ws.finding()).contains("answered with HTTP 200 instead of 101 Switching Protocols", "does not pass WebSocket upgrades on");
            assertThat(ws.fix()).contains("proxy_set_header Upgrade $http_upgrade", "proxy_http_version 1.1");
            assertThat(report.callsCanWork()).isFalse();
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void aProxyOnAnotherPortNeedsItsOriginAllowed() throws Exception {
        for (boolean allowed : List.of(false, true)) {
            var listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            String origin = "http://127.0.0.1:" + listener.getLocalPort();
            try (var server = allowed ? start("--no-https", "--allowed-origin", origin) : start("--no-https");
                 var proxy = new TcpForwarder(listener, server.httpPort())) {
                Report report = examine(URI.create(origin), List.of(), null);
                Check ws = check(report, "websocket");
                if (allowed) {
                    assertThat(ws.status()).as(report.text()).isEqualTo(Check.Status.PASS);
                } else {
                    assertThat(ws.status()).isEqualTo(Check.Status.FAIL);
                    assertThat(ws.finding()).contains("refused (403)", "does not take " + origin);
                    assertThat(ws.fix()).isEqualTo("Behind a reverse proxy or a port mapping, allow the public origin: --allowed-origin " + origin + ".");
                }
            }
        }
    }

    @Test
    void aStoppedTurnServerFailsStunAndEveryTransport() throws Exception {
        int stopped = dev.parley.server.FreePorts.udpAndTcp();
        try (var server = start("--no-https", "--no-turn", "--turn-secret", "doctor-test-secret-0123456789",
                "--turn-external-url", "turn:127.0.0.1:" + stopped + "?transport=udp,turn:127.0.0.1:" + stopped + "?transport=tcp")) {
            Report report = examine(URI.create("http://127.0.0.1:" + server.httpPort()), List.of(), null);
            assertThat(check(report, "websocket").status()).isEqualTo(Check.Status.PASS);
            assertThat(check(report, "stun").status()).isEqualTo(Check.Status.FAIL);
            assertThat(check(report, "stun").fix()).contains("Open UDP port " + stopped);
            assertThat(check(report, "turn-udp").status()).isEqualTo(Check.Status.FAIL);
            assertThat(check(report, "turn-tcp").status()).isEqualTo(Check.Status.FAIL);
            assertThat(check(report, "turn-tcp").finding()).startsWith("cannot connect");
            assertThat(check(report, "peer-policy").status()).isEqualTo(Check.Status.SKIP);
            assertThat(report.callsCanWork()).isFalse();
        }
    }

    @Test
    void aTurnUrlWithoutCredentialsIsOneNoBrowserCanUse() throws Exception {
        // A live TURN server behind the URL: its 401 challenge must not make the doctor sign with no user.
        try (var turn = start("--no-https");
             var server = start("--no-https", "--no-turn", "--ice-server", "turn:127.0.0.1:" + turn.turn().udpPort())) {
            Report report = examine(URI.create("http://127.0.0.1:" + server.httpPort()), List.of(), null);
            assertThat(check(report, "turn-udp").status()).isEqualTo(Check.Status.FAIL);
            assertThat(check(report, "turn-udp").finding()).contains("without credentials");
            assertThat(report.checks()).extracting(Check::id).as("no allocation to try the policy with").doesNotContain("peer-policy");
        }
    }

    @Test
    void aRelayedAddressThatIsNotTheServersIsCalledAWrongExternalAddress() throws Exception {
        // 127.0.0.2 is on this machine's loopback but nothing of Parley's listens there: an external address that leads nowhere.
        try (var server = start("--no-https", "--turn-external-ip", "127.0.0.2")) {
            Report report = examine(URI.create("http://127.0.0.1:" + server.httpPort()), List.of(), null);
            Check udp = check(report, "turn-udp");
            assertThat(udp.status()).as(report.text()).isEqualTo(Check.Status.FAIL);
            assertThat(udp.finding()).contains("relayed address 127.0.0.2", "not this server's address");
            assertThat(udp.fix()).contains("--turn-external-ip");
            assertThat(check(report, "stun").status()).isEqualTo(Check.Status.PASS);
            assertThat(report.callsCanWork()).isFalse();
        }
    }

    @Test
    void aClosedRelayPortRangeIsTellFromAWrongAddress() throws Exception {
        // A 1:1 NAT at 127.0.0.3 that forwards the TURN port and nothing else: the external address is right, the relay range is closed.
        try (var server = start("--no-https", "--turn-external-ip", "127.0.0.3");
             var nat = new UdpForwarder(new InetSocketAddress("127.0.0.3", server.turn().udpPort()),
                     new InetSocketAddress("127.0.0.1", server.turn().udpPort()))) {
            Report report = examine(URI.create("http://127.0.0.1:" + server.httpPort()), List.of(), null);
            Check udp = check(report, "turn-udp");
            assertThat(udp.status()).as(report.text()).isEqualTo(Check.Status.FAIL);
            assertThat(udp.finding()).contains("the relay port range is closed");
            assertThat(udp.fix()).contains("--turn-relay-ports", "49152-65535");
            assertThat(nat.forwarded()).as("the doctor asked at the external address").isPositive();
        }
    }

    @Test
    void aRelayThatReachesPrivateNetworksIsWarnedOfAndTheMetadataServiceFails() throws Exception {
        try (var server = start("--no-https", "--turn-allow-peer", "127.0.0.0/8,10.0.0.0/8", "--turn-allow-dangerous-peers")) {
            Report report = examine(URI.create("http://127.0.0.1:" + server.httpPort()), List.of(), null);
            assertThat(check(report, "peer-policy").status()).isEqualTo(Check.Status.WARN);
            assertThat(check(report, "peer-policy").finding()).contains("10.0.0.1").doesNotContain("192.168.1.1");
            assertThat(report.callsCanWork()).isTrue();
        }
        try (var server = start("--no-https", "--turn-allow-peer", "127.0.0.0/8,169.254.0.0/16", "--turn-allow-dangerous-peers")) {
            Report report = examine(URI.create("http://127.0.0.1:" + server.httpPort()), List.of(), null);
            assertThat(check(report, "peer-policy").status()).isEqualTo(Check.Status.FAIL);
            assertThat(check(report, "peer-policy").finding()).contains("169.254.169.254, the cloud metadata service");
        }
    }

    @Test
    void tokenModeNeedsAToken() throws Exception {
        String secret = "doctor-test-auth-secret-0123456789abcdef";
        try (var server = start("--no-https", "--auth", "token", "--auth-secret", secret)) {
            URI page = URI.create("http://127.0.0.1:" + server.httpPort());
            Report without = examine(page, List.of(), null);
            assertThat(check(without, "websocket").status()).isEqualTo(Check.Status.FAIL);
            assertThat(check(without, "websocket").finding()).contains("token mode");
            assertThat(without.checks()).extracting(Check::id).doesNotContain("stun");
            String token = new dev.parley.server.auth.TokenAccess(secret, Clock.systemUTC())
                    .mint(new dev.parley.server.auth.TokenAccess.Claims("doctor", "doctor", List.of(), false, Duration.ofMinutes(5)));
            Report with = examine(page, List.of(), token);
            assertThat(with.checks()).as(with.text()).extracting(Check::status).containsOnly(Check.Status.WARN, Check.Status.PASS);
            assertThat(check(with, "turn-udp").status()).isEqualTo(Check.Status.PASS);
        }
    }

    /** A self-signed certificate for 127.0.0.1 that expired yesterday, and its key, as PEM files. */
    private static X509Certificate expiredCertificate(Path cert, Path key) throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        var keys = generator.generateKeyPair();
        var name = new X500Name("CN=expired");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(90))),
                Date.from(now.minus(Duration.ofDays(1))), name, keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        return certificate;
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + kind + "-----\n";
    }

    /** A TCP port mapping in front of Parley (what a reverse proxy looks like from the browser): every connection copied through. */
    private static final class TcpForwarder implements AutoCloseable {
        private final ServerSocket listener;
        private final List<java.net.Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();

        TcpForwarder(ServerSocket listener, int target) {
            this.listener = listener;
            Thread.ofVirtual().start(() -> {
                while (true) {
                    try {
                        var client = listener.accept();
                        var upstream = new java.net.Socket(InetAddress.getLoopbackAddress(), target);
                        open.add(client);
                        open.add(upstream);
                        Thread.ofVirtual().start(() -> copy(client, upstream));
                        Thread.ofVirtual().start(() -> copy(upstream, client));
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void copy(java.net.Socket from, java.net.Socket to) {
            try (var in = from.getInputStream(); var out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (java.io.IOException e) {
                // one side closed
            }
        }

        @Override
        public void close() throws Exception {
            listener.close();
            for (var s : open) s.close();
        }
    }

    /** A one-port 1:1 NAT on loopback: datagrams to {@code outside} go to {@code inside} and the answers come back from {@code outside}. */
    private static final class UdpForwarder implements AutoCloseable {
        private final DatagramSocket outside;
        private final InetSocketAddress inside;
        private final Map<SocketAddress, DatagramSocket> sides = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger forwarded = new java.util.concurrent.atomic.AtomicInteger();

        UdpForwarder(InetSocketAddress outsideAddress, InetSocketAddress inside) throws Exception {
            this.outside = new DatagramSocket(outsideAddress);
            this.inside = inside;
            Thread.ofVirtual().start(this::run);
        }

        int forwarded() {
            return forwarded.get();
        }

        private void run() {
            byte[] buffer = new byte[2048];
            while (!outside.isClosed()) {
                try {
                    var packet = new DatagramPacket(buffer, buffer.length);
                    outside.receive(packet);
                    SocketAddress client = packet.getSocketAddress();
                    DatagramSocket side = sides.computeIfAbsent(client, c -> answering(c));
                    side.send(new DatagramPacket(packet.getData(), packet.getLength(), inside));
                    forwarded.incrementAndGet();
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        }

        private DatagramSocket answering(SocketAddress client) {
            try {
                var side = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                Thread.ofVirtual().start(() -> {
                    byte[] buffer = new byte[2048];
                    while (!side.isClosed()) {
                        try {
                            var answer = new DatagramPacket(buffer, buffer.length);
                            side.receive(answer);
                            outside.send(new DatagramPacket(answer.getData(), answer.getLength(), client));
                        } catch (java.io.IOException closed) {
                            return;
                        }
                    }
                });
                return side;
            } catch (java.net.SocketException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            outside.close();
            sides.values().forEach(DatagramSocket::close);
        }
    }
}
