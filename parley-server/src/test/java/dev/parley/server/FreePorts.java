package dev.parley.server;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for tests that need nothing listening: a TURN server that is stopped answers neither UDP nor TCP. */
public final class FreePorts {
    private FreePorts() {}

    /** A loopback port free for UDP and TCP both, when this returns (nothing is kept open). */
    public static int udpAndTcp() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (var udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                 var tcp = new ServerSocket(udp.getLocalPort(), 1, InetAddress.getLoopbackAddress())) {
                return tcp.getLocalPort();
            } catch (IOException taken) {
                // that UDP port's TCP twin is in use: another
            }
        }
        throw new IOException("no loopback port free for both UDP and TCP");
    }
}
