package dev.parley.e2e;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;

/** The network interfaces this test JVM sees, for tests that must know they run in the loopback-only namespace. */
final class Interfaces {
    private Interfaces() {}

    /** Names of the interfaces that are up. */
    static List<String> up() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream().filter(Interfaces::isUp).map(NetworkInterface::getName).toList();
    }

    /** Whether an interface of that name exists, up or not. */
    static boolean exists(String name) throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream().anyMatch(n -> n.getName().equals(name));
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp();
        } catch (SocketException e) {
            return false;
        }
    }
}
