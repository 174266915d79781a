package dev.parley.turn.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** coturn's command-line tools as reference peers; ./scripts/test installs them (apt-get install coturn). */
final class CoturnTools {
    static final Path STUNCLIENT = Path.of("/usr/bin/turnutils_stunclient");
    static final Path UCLIENT = Path.of("/usr/bin/turnutils_uclient");
    static final Path PEER = Path.of("/usr/bin/turnutils_peer");

    private CoturnTools() {}

    static void assumeInstalled(Path tool) {
        assertThat(Files.isExecutable(tool)).as(tool + " (./scripts/test installs coturn: apt-get install coturn)").isTrue();
    }

    /** What a run of turnutils_uclient printed, and its totals. */
    record UclientRun(int exit, String output, long sent, long received, long lost) {}

    private static final Pattern TOTALS = Pattern.compile("tot_send_msgs=(\\d+), tot_recv_msgs=(\\d+)");
    private static final Pattern LOST = Pattern.compile("Total lost packets (\\d+)");

    /** Runs uclient to completion (bounded by {@code timeoutSeconds}; killed after that). */
    static UclientRun uclient(List<String> args, int timeoutSeconds) throws IOException, InterruptedException {
        assumeInstalled(UCLIENT);
        List<String> command = new ArrayList<>();
        command.add(UCLIENT.toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[][] out = new byte[1][];
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            reader.join(5000);
            throw new AssertionError("turnutils_uclient did not finish within " + timeoutSeconds + " s:\n" + tail(out[0]));
        }
        reader.join(5000);
        String text = new String(out[0], StandardCharsets.UTF_8);
        Matcher totals = TOTALS.matcher(text);
        long sent = -1, received = -1, lost = -1;
        while (totals.find()) {
            sent = Long.parseLong(totals.group(1));
            received = Long.parseLong(totals.group(2));
        }
        Matcher l = LOST.matcher(text);
        while (l.find()) lost = Long.parseLong(l.group(1));
        return new UclientRun(p.exitValue(), text, sent, received, lost);
    }

    private static String tail(byte[] b) {
        String s = b == null ? "" : new String(b, StandardCharsets.UTF_8);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    /** turnutils_peer, a UDP echo server on 127.0.0.1 (or the given loopback address); stopped by {@link #close}. */
    static final class Peer implements AutoCloseable {
        final int port;
        private final Process process;

        Peer() throws IOException, InterruptedException {
            this("127.0.0.1");
        }

        Peer(String address) throws IOException, InterruptedException {
            assumeInstalled(PEER);
            port = freeUdpPort(InetAddress.getByName(address));
            process = new ProcessBuilder(PEER.toString(), "-L", address, "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(200); // it binds at once; give it a moment to be scheduled
            assertThat(process.isAlive()).as("turnutils_peer started").isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    static int freeUdpPort() throws IOException {
        return freeUdpPort(InetAddress.getLoopbackAddress());
    }

    static int freeUdpPort(InetAddress address) throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, address)) {
            return s.getLocalPort();
        }
    }
}
