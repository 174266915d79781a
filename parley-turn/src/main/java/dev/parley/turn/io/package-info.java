/**
 * The I/O underneath the TURN server: which Netty transport carries it (native epoll on Linux, the
 * JDK's NIO elsewhere), how datagram sockets are tuned, and writes flushed once per event-loop round.
 */
package dev.parley.turn.io;
