package dev.parley.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP and WebSocket bytes written by hand, from a chosen source address: for requests the JDK's
 * client will not send (another Host, a huge request line, HTTP/9.9) and for clients that stall.
 */
public final class RawHttp {
    private RawHttp() {}

    /** A socket to 127.0.0.1:{@code port} from {@code source} (e.g. 127.0.0.2; null: any), reads timing out after {@code timeout}. */
    public static Socket connect(String source, int port, Duration timeout) throws IOException {
        Socket s = new Socket();
        if (source != null) s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
        s.setSoTimeout((int) timeout.toMillis());
        return s;
    }

    /** Sends {@code request} (CRLFs included) and reads the whole response until the server closes or a read times out. */
    public static String exchange(String source, int port, String request, Duration timeout) throws IOException {
        try (Socket s = connect(source, port, timeout)) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return readUntilClosed(s.getInputStream());
        }
    }

    /** {@code GET path} with {@code Connection: close}; the response's status line, headers and body. */
    public static String get(String source, int port, String path, String host, Duration timeout) throws IOException {
        return exchange(source, port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n", timeout);
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
        } catch (SocketTimeoutException e) {
            if (out.size() == 0) throw e;
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads until the peer closes (true) or {@code within} passes (false); a reset counts as closed. */
    public static boolean closedWithin(Socket s, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadline) {
            s.setSoTimeout((int) Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
            try {
                if (in.read(buf) < 0) return true;
            } catch (SocketTimeoutException e) {
                // not yet
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    /** The upgrade request for {@code /ws}, with these Host and Origin (null: no Origin). */
    public static void upgrade(Socket s, String host, String origin) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The response head, up to and including the blank line. */
    public static String head(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            head.append((char) b);
        }
        return head.toString();
    }

    /** One masked client frame with this opcode (1 text, 8 close), payload under 126 bytes. */
    public static void frame(Socket s, int opcode, byte[] payload) throws IOException {
        OutputStream out = s.getOutputStream();
        byte[] mask = {1, 2, 3, 4};
        out.write(0x80 | opcode);
        out.write(0x80 | payload.length);
        out.write(mask);
        for (int i = 0; i < payload.length; i++) out.write(payload[i] ^ mask[i % 4]);
        out.flush();
    }

    /** A server frame: its opcode and payload. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame, or -1 if it has none. */
        public int closeCode() {
            return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    /** Reads one unmasked server frame. */
    public static Frame readFrame(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        int b0 = readByte(in);
        int b1 = readByte(in);
        long length = b1 & 0x7F;
        if (length == 126) length = ((long) readByte(in) << 8) | readByte(in);
        else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) length = (length << 8) | readByte(in);
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length != length) throw new IOException("closed inside a frame");
        return new Frame(b0 & 0x0F, payload);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) throw new IOException("closed");
        return b;
    }
}
