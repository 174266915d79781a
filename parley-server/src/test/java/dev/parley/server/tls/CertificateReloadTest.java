package dev.parley.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.TestCertificates;
import dev.parley.server.turn.TurnOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A renewed certificate under a running server: new connections get it, open ones keep theirs, a half-written pair waits. */
class CertificateReloadTest {
    @TempDir
    Path dir;

    @Test
    void aRenewedCertificateReachesNewHttpsAndTurnTlsConnectionsWithoutARestart() throws Exception {
        var old = TestCertificates.create(dir.resolve("old"));
        var renewed = TestCertificates.create(dir.resolve("renewed"));
        Path cert = dir.resolve("live/cert.pem"), key = dir.resolve("live/key.pem");
        Files.createDirectories(cert.getParent());
        Files.copy(old.certificate(), cert);
        Files.copy(old.privateKey(), key);
        var turn = new TurnOptions("127.0.0.1", 0, 0, InetAddress.getByName("127.0.0.1"), null, 49152, 65535, List.of(),
                "certificate-reload-test-secret-01", Map.of(), Duration.ofHours(1), 100, 10, 0, null, false, List.of());
        var config = ServerConfig.loopback(0).withTurn(turn)
                .withHttps(new ServerConfig.Endpoint("127.0.0.1", 0), new ServerConfig.Tls(cert, key));
        try (var server = ParleyServer.start(config)) {
            int https = server.httpsPort(), turnTls = server.turn().tlsPort();
            assertThat(turnTls).isPositive();
            X509Certificate before = TestCertificates.read(old.certificate()), after = TestCertificates.read(renewed.certificate());
            assertThat(served(https)).isEqualTo(before);
            try (SSLSocket open = connect(https)) {
                // A renewal writes the key, then the certificate: the new key beside the old certificate does not load.
                replace(renewed.privateKey(), key);
                assertThat(server.checkCertificate()).isFalse();
                assertThat(served(https)).as("the pair in use until both files are new").isEqualTo(before);
                replace(renewed.certificate(), cert);
                server.checkCertificate(); // (or the server's own regular look, had it come in between)
                assertThat(served(https)).isEqualTo(after);
                assertThat(served(turnTls)).as("TURN over TLS").isEqualTo(after);
                assertThat(server.checkCertificate()).as("nothing new the second time").isFalse();
                // The connection made before goes on, with the certificate it started with.
                assertThat(open.getSession().getPeerCertificates()[0]).isEqualTo(before);
                assertThat(get(open, "/healthz")).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() throws Exception {
        var one = TestCertificates.create(dir.resolve("one"));
        var other = TestCertificates.create(dir.resolve("other"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReloadingSslContext.load(one.certificate(), other.privateKey()))
                .isInstanceOf(javax.net.ssl.SSLException.class).hasMessageContaining("is not the certificate's");
        assertThat(ReloadingSslContext.load(one.certificate(), one.privateKey())).isNotNull();
    }

    @Test
    void theFilesAreLookedAtRegularly() throws Exception {
        var old = TestCertificates.create(dir.resolve("old"));
        var renewed = TestCertificates.create(dir.resolve("renewed"));
        Path cert = dir.resolve("cert.pem"), key = dir.resolve("key.pem");
        Files.copy(old.certificate(), cert);
        Files.copy(old.privateKey(), key);
        var timers = Executors.newSingleThreadScheduledExecutor();
        var loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (var tls = ReloadingSslContext.of(cert, key).watch(timers, Duration.ofMillis(50))) {
            Channel listening = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) listening.localAddress()).getPort();
            assertThat(served(port)).isEqualTo(TestCertificates.read(old.certificate()));
            replace(renewed.privateKey(), key);
            replace(renewed.certificate(), cert);
            X509Certificate after = TestCertificates.read(renewed.certificate());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!served(port).equals(after) && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(served(port)).isEqualTo(after);
            listening.close().sync();
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            timers.shutdownNow();
        }
    }

    /** As certbot's and acme.sh's installs do: the new file written beside, then moved over the old. */
    private static void replace(Path from, Path to) throws Exception {
        Path next = to.resolveSibling(to.getFileName() + ".new");
        Files.copy(from, next, StandardCopyOption.REPLACE_EXISTING);
        Files.move(next, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static X509Certificate served(int port) throws Exception {
        try (SSLSocket s = connect(port)) {
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    private static SSLSocket connect(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustingAnything()}, null); // this test looks at what is served, not whether to trust it
        var s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(5000);
        s.startHandshake();
        return s;
    }

    private static String get(SSLSocket s, String path) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[256];
        int n = in.read(buf);
        return new String(buf, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
    }

    private static final class TrustingAnything implements X509TrustManager {
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
