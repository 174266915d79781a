package dev.parley.server.cli;

/**
 * What starting the server leaves on the heap (configuration, caches, the loaded libraries' tables:
 * about 10 MB) would sit among the young objects for the first fifteen young collections, copied at
 * each: at light load collections are tens of seconds apart, so for minutes or hours every one
 * paused the relay for 10–20 ms, and a relayed call got a burst of late packets. One full collection
 * once everything is listening moves it to the old generation, where young collections leave it
 * alone: they then copy only the packets in flight and pause for about 2 ms (docs/turn.md).
 */
final class StartupHeap {
    private StartupHeap() {}

    /** Call once, after the listeners are up and before traffic is expected. */
    static void settle() {
        System.gc();
    }
}
