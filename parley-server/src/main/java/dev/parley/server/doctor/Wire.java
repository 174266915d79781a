package dev.parley.server.doctor;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * How a probe's STUN messages travel to a TURN server: datagrams over UDP, or a stream over TCP or
 * TLS framed as RFC 8656 §11.7 says (a STUN message carries its length; ChannelData is padded to four).
 */
sealed interface Wire extends AutoCloseable {
    void send(byte[] message) throws IOException;

    /** The next message within {@code timeoutMillis}, or null. */
    byte[] receive(int timeoutMillis) throws IOException;

    @Override
    void close();

    static Wire udp(InetSocketAddress server) throws IOException {
        var socket = new DatagramSocket();
        socket.connect(server);
        return new Udp(socket, server);
    }

    static Wire tcp(InetSocketAddress server, int timeoutMillis) throws IOException {
        var socket = new Socket();
        try {
            socket.connect(server, timeoutMillis);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new Stream(socket);
    }

    /** TLS to {@code host}: SNI, and the certificate checked for that name with the factory's trust. */
    static Wire tls(InetSocketAddress server, String host, SSLSocketFactory factory, int timeoutMillis) throws IOException {
        var plain = new Socket();
        try {
            plain.connect(server, timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            var tls = (SSLSocket) factory.createSocket(plain, host, server.getPort(), true);
            var parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the name, as a browser checks it
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            return new Stream(tls);
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * Datagrams to the server. {@link #udp} connects the socket, so the kernel drops datagrams from
     * anyone else; over an unconnected one (a peer's), answers are told apart by transaction id.
     */
    record Udp(DatagramSocket socket, InetSocketAddress server) implements Wire {
        @Override
        public void send(byte[] message) throws IOException {
            socket.send(new DatagramPacket(message, message.length, server));
        }

        @Override
        public byte[] receive(int timeoutMillis) throws IOException {
            byte[] buffer = new byte[65536];
            var packet = new DatagramPacket(buffer, buffer.length);
            socket.setSoTimeout(Math.max(1, timeoutMillis));
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return Arrays.copyOf(buffer, packet.getLength());
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    record Stream(Socket socket) implements Wire {
        /** How long the rest of a message may take once its first byte came. */
        static final int MESSAGE_GRACE_MILLIS = 5000;

        @Override
        public void send(byte[] message) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(message);
            out.flush();
        }

        @Override
        public byte[] receive(int timeoutMillis) throws IOException {
            socket.setSoTimeout(Math.max(1, timeoutMillis));
            var in = new DataInputStream(socket.getInputStream());
            byte[] head = new byte[4];
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                return null; // nothing began: nothing lost
            }
            if (first < 0) throw new java.io.EOFException("the server closed the connection");
            head[0] = (byte) first;
            // A message begun comes whole within a grace, or the stream is out of step and broken.
            socket.setSoTimeout(MESSAGE_GRACE_MILLIS);
            in.readFully(head, 1, 3);
            int length = ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
            boolean stun = (head[0] & 0xC0) == 0;
            int rest = stun ? 16 + length : (length + 3) & ~3; // the STUN header's other 16 bytes; ChannelData's padding
            byte[] message = Arrays.copyOf(head, 4 + rest);
            in.readFully(message, 4, rest); // a message begun arrives whole or the connection is broken
            return message;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing: nothing to tell
            }
        }
    }
}
