package dev.parley.turn.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.auth.StaticUsers;
import dev.parley.turn.server.TurnConfig;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunMessageBuilder;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The relay threads: one event loop each, with its own UDP socket on the TURN port. */
class RelayThreadsTest {
    @Test
    void eachRelayThreadHasItsOwnSocketOnTheTurnPortAndEveryClientIsAnswered() throws Exception {
        var config = TurnConfig.builder(new StaticUsers(Map.of()), InetAddress.getByName("127.0.0.1")).build();
        try (TurnServer server = TurnServer.start(config, new TurnServer.Listeners("127.0.0.1", 0, -1, -1, null, 3))) {
            assertThat(udpSocketsOn(server.udpPort())).as("UDP sockets bound to 127.0.0.1 on the TURN port").isEqualTo(3);
            List<DatagramSocket> clients = new ArrayList<>();
            try {
                // Enough source ports that the kernel's hash puts clients on every socket.
                for (int i = 0; i < 24; i++) {
                    var s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                    s.setSoTimeout(2000);
                    clients.add(s);
                }
                for (DatagramSocket s : clients) {
                    byte[] request = StunMessageBuilder.of(MessageType.of(MessageType.BINDING, MessageClass.REQUEST)).buildWithFingerprint();
                    s.send(new DatagramPacket(request, request.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort())));
                    var answer = new DatagramPacket(new byte[1500], 1500);
                    s.receive(answer);
                    assertThat(answer.getPort()).as("answered from the TURN port").isEqualTo(server.udpPort());
                    assertThat(StunMessage.decode(java.util.Arrays.copyOf(answer.getData(), answer.getLength())).type().messageClass())
                            .isEqualTo(MessageClass.SUCCESS);
                }
            } finally {
                clients.forEach(DatagramSocket::close);
            }
        }
    }

    @Test
    void noRelayThreadIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TurnServer.Listeners("127.0.0.1", 0, -1, -1, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** UDP sockets bound to 127.0.0.1:{@code port}, from the kernel's table (Linux). */
    private static long udpSocketsOn(int port) throws Exception {
        Path table = Path.of("/proc/net/udp");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(table), "the kernel's socket table is Linux's");
        String local = "0100007F:" + String.format(Locale.ROOT, "%04X", port);
        return Files.readAllLines(table).stream().skip(1)
                .map(line -> line.trim().split("\\s+")[1])
                .filter(local::equals)
                .count();
    }
}
