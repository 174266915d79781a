package dev.parley.client.call;

import dev.parley.client.EventLoop;
import dev.parley.client.Events;
import dev.parley.client.call.CallEvent.Chat;
import dev.parley.client.call.CallEvent.ChatDelivered;
import dev.parley.client.call.CallEvent.FileOffered;
import dev.parley.client.call.CallEvent.RemoteState;
import dev.parley.client.call.FileTransfer.Direction;
import dev.parley.client.rtc.DataChannelOptions;
import dev.parley.client.rtc.RtcDataChannel;
import dev.parley.client.rtc.RtcPeer;
import dev.parley.protocol.Peer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The data side of one peer connection, the JS SDK's {@code CallData} (parley-data.js): device
 * state, chat with delivery receipts, and files in chunks with back-pressure, progress, cancel and a
 * SHA-256 check, with the conventions of docs/protocol.md ("Between the browsers"). Nothing of it
 * passes through the server. Events: {@link RemoteState}, {@link Chat}, {@link ChatDelivered},
 * {@link FileOffered}; on the loop, where every method must be called.
 */
public final class CallData {
    /** Longest chat message, in characters; a data channel message must stay well under 256 KiB. */
    public static final int MAX_CHAT_CHARS = 4000;
    /** File chunk size: large enough to be efficient, well under every browser's message limit. */
    public static final int CHUNK_BYTES = 64 * 1024;
    /** Stop queueing chunks above this much buffered, resume when it drains below the low mark. */
    static final long HIGH_WATER_BYTES = 4L * 1024 * 1024;
    static final long LOW_WATER_BYTES = 1024 * 1024;
    /** A MediaStream id is a UUID; anything much longer is not one. */
    static final int MAX_STREAM_ID_CHARS = 64;
    /** Largest file accepted from the other side by default: received files are kept in memory. */
    public static final long DEFAULT_MAX_INCOMING_FILE_BYTES = 64L * 1024 * 1024;
    /** Files under way at once in each direction; a peer announcing more gets them cancelled. */
    public static final int MAX_OPEN_TRANSFERS = 16;
    /** What a file channel may carry before its announcement arrives; beyond it, the channel is closed. */
    static final int MAX_EARLY_BYTES = 16 * CHUNK_BYTES;
    private static final Pattern FILE_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern FILE_LABEL = Pattern.compile("file:([0-9a-f]{16})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EventLoop loop;
    private final RtcPeer pc;
    private final RtcDataChannel control;
    private final Peer peer;
    private final Events events = new Events();

    // Confined to the loop.
    private DeviceState localState = DeviceState.DEFAULT;
    private DeviceState remoteState;
    private long maxIncomingFileBytes = DEFAULT_MAX_INCOMING_FILE_BYTES;
    private final Map<String, FileTransfer> transfers = new LinkedHashMap<>();
    /** Incoming file channels that came before their announcement, with what they carried meanwhile. */
    private final Map<String, EarlyChannel> early = new LinkedHashMap<>();

    /** A file channel waiting for its announcement; confined to the loop. */
    private final class EarlyChannel {
        final RtcDataChannel channel;
        final java.util.List<ByteBuffer> chunks = new java.util.ArrayList<>();
        long bytes;

        EarlyChannel(String id, RtcDataChannel channel) {
            this.channel = channel;
            channel.observe(new LoopChannelObserver(loop) {
                @Override
                void binaryOnLoop(ByteBuffer data) {
                    bytes += data.remaining();
                    if (bytes > MAX_EARLY_BYTES) { // a file nobody announced
                        early.remove(id);
                        channel.close();
                        return;
                    }
                    chunks.add(data);
                }
            });
        }
    }

    CallData(EventLoop loop, RtcPeer pc, RtcDataChannel control, Peer peer) {
        this.loop = loop;
        this.pc = pc;
        this.control = control;
        this.peer = peer;
        control.observe(new LoopChannelObserver(loop) {
            @Override
            void stateOnLoop(RtcDataChannel.State state) {
                if (state == RtcDataChannel.State.OPEN) sendState();
            }

            @Override
            void textOnLoop(String text) {
                receive(text);
            }
        });
    }

    public Events events() {
        return events;
    }

    public boolean open() {
        return control.state() == RtcDataChannel.State.OPEN;
    }

    /** What the other side last said about its devices, or null before it did. */
    public DeviceState remoteState() {
        return remoteState;
    }

    public DeviceState localState() {
        return localState;
    }

    /** Tells the other side what this side's mic, camera and screen are doing. */
    public void setState(DeviceState state) {
        localState = state;
        if (open()) sendState();
    }

    /**
     * The most bytes of files coming in at once (received files are kept in memory): a file the
     * other side announces beyond it is cancelled.
     */
    public void maxIncomingFileBytes(long max) {
        this.maxIncomingFileBytes = max;
    }

    /** Sends a chat message; returns its id, which {@link ChatDelivered} names when it arrived. */
    public String chat(String text) {
        return chat(text, randomId());
    }

    /** {@link #chat(String)} with the caller's id (a group call sends one id to everyone). */
    public String chat(String text, String id) {
        if (text == null || text.isEmpty() || text.length() > MAX_CHAT_CHARS) {
            throw new IllegalArgumentException("a chat message has 1 to " + MAX_CHAT_CHARS + " characters");
        }
        if (!open()) throw new IllegalStateException("the call is not connected");
        control(ordered("t", "chat", "id", id, "text", text, "at", System.currentTimeMillis()));
        return id;
    }

    /** Sends bytes as a file. */
    public FileTransfer sendFile(String name, String type, byte[] content) {
        return sendFile(name, type, content.length, new ByteArrayInputStream(content));
    }

    /** Sends a file from disk, read chunk by chunk as the channel takes it. */
    public FileTransfer sendFile(Path file, String type) throws IOException {
        checkCanSend();
        return sendFile(file.getFileName().toString(), type, Files.size(file), Files.newInputStream(file));
    }

    /** Sends {@code size} bytes read from {@code source} (closed when the transfer ends). */
    public FileTransfer sendFile(String name, String type, long size, InputStream source) {
        checkCanSend();
        var t = new FileTransfer(this, randomId(), name, size, type == null ? "application/octet-stream" : type, Direction.OUT, peer);
        t.source = source;
        transfers.put(t.id(), t);
        control(ordered("t", "file", "id", t.id(), "name", t.name(), "size", t.size(), "type", t.type()));
        RtcDataChannel channel = pc.createDataChannel("file:" + t.id(), DataChannelOptions.reliable());
        t.channel = channel;
        channel.observe(new LoopChannelObserver(loop) {
            @Override
            void stateOnLoop(RtcDataChannel.State state) {
                if (state == RtcDataChannel.State.OPEN) pump(t);
                else if (state == RtcDataChannel.State.CLOSED && t.status() == FileTransfer.Status.SENDING && t.bytes() < t.size()) {
                    t.cancel();
                }
            }

            @Override
            void drainedOnLoop(long bufferedAmount) {
                if (t.waiting && bufferedAmount <= LOW_WATER_BYTES) {
                    t.waiting = false;
                    pump(t);
                }
            }
        });
        if (channel.state() == RtcDataChannel.State.OPEN) pump(t);
        return t;
    }

    private void checkCanSend() {
        if (!open()) throw new IllegalStateException("the call is not connected");
        if (active(Direction.OUT) >= MAX_OPEN_TRANSFERS) throw new IllegalStateException("too many files under way");
    }

    private long active(Direction direction) {
        return transfers.values().stream().filter(t -> t.direction() == direction && t.active()).count();
    }

    void close() {
        for (FileTransfer t : new java.util.ArrayList<>(transfers.values())) {
            if (t.active()) t.cancelled(true);
        }
        for (EarlyChannel c : early.values()) c.channel.close();
        early.clear();
    }

    /** A data channel the other side opened: a file's, or something this client does not know. */
    void channel(RtcDataChannel channel) {
        var m = FILE_LABEL.matcher(channel.label());
        String id = m.matches() ? m.group(1) : null;
        FileTransfer t = id == null ? null : transfers.get(id);
        if (t != null && t.direction() == Direction.IN && t.channel == null && t.active()) {
            receiveInto(t, channel, java.util.List.of());
        } else if (id == null || t != null || early.containsKey(id) || early.size() >= MAX_OPEN_TRANSFERS) {
            channel.close(); // unknown, a second channel for one file, or too many unannounced
        } else {
            early.put(id, new EarlyChannel(id, channel));
        }
    }

    void forget(FileTransfer t) {
        transfers.remove(t.id(), t);
    }

    void control(Map<String, ?> message) {
        if (open()) control.send(JsonObjects.write(message));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private void sendState() {
        var s = localState;
        control(ordered("t", "state", "mic", s.mic(), "cam", s.cam(), "screen", s.screen(), "screenStream", s.screenStream()));
    }

    private void pump(FileTransfer t) {
        try {
            while (t.status() == FileTransfer.Status.SENDING && t.bytes() < t.size()) {
                if (t.channel.bufferedAmount() > HIGH_WATER_BYTES) {
                    t.waiting = true;
                    return;
                }
                if (t.channel.state() != RtcDataChannel.State.OPEN) {
                    // The receiver closed it: its cancel, on the control channel, ends the transfer
                    // (a send now would fail). With the control channel gone too, the call dropped.
                    if (!open()) t.cancel();
                    return;
                }
                byte[] chunk = Bytes.readUpTo(t.source, (int) Math.min(CHUNK_BYTES, t.size() - t.bytes()));
                if (chunk.length == 0) throw new IOException("the file ended after " + t.bytes() + " of " + t.size() + " bytes");
                t.hash.update(chunk);
                t.channel.send(ByteBuffer.wrap(chunk));
                t.moved(t.bytes() + chunk.length);
            }
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(CallData.class).warn("sending {} failed: {}", t.name(), e.getMessage());
            t.cancel();
            return;
        }
        if (t.status() != FileTransfer.Status.SENDING || t.sha256() != null) return;
        t.digest(Bytes.hex(t.hash.digest()));
        control(ordered("t", "file-end", "id", t.id(), "sha256", t.sha256()));
    }

    private void receiveInto(FileTransfer t, RtcDataChannel channel, java.util.List<ByteBuffer> already) {
        t.channel = channel;
        t.received = new ByteArrayOutputStream((int) Math.min(t.size(), 1 << 20));
        for (ByteBuffer chunk : already) chunk(t, chunk);
        channel.observe(new LoopChannelObserver(loop) {
            @Override
            void binaryOnLoop(ByteBuffer chunk) {
                chunk(t, chunk);
            }
        });
    }

    private void chunk(FileTransfer t, ByteBuffer chunk) {
        if (t.status() != FileTransfer.Status.RECEIVING) return;
        if (t.bytes() + chunk.remaining() > t.size()) {
            t.cancel(); // more than announced
            return;
        }
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        t.received.write(bytes, 0, bytes.length);
        t.hash.update(bytes);
        t.moved(t.bytes() + bytes.length);
        finishIfComplete(t);
    }

    /** The last chunk and the sender's digest travel on different channels: whichever is last ends it. */
    private void finishIfComplete(FileTransfer t) {
        if (t.status() != FileTransfer.Status.RECEIVING || t.bytes() != t.size() || t.expected == null) return;
        String digest = Bytes.hex(t.hash.digest());
        boolean ok = digest.equals(t.expected);
        byte[] file = ok ? t.received.toByteArray() : null;
        control(ordered("t", "file-ack", "id", t.id(), "ok", ok));
        t.done(ok, digest, file);
    }

    private void receive(String text) {
        Map<String, Object> m = JsonObjects.parse(text);
        if (m == null || !(m.get("t") instanceof String type)) return;
        String id = JsonObjects.string(m, "id");
        switch (type) {
            case "state" -> {
                String stream = JsonObjects.string(m, "screenStream");
                remoteState = new DeviceState(truthy(m.get("mic")), truthy(m.get("cam")), truthy(m.get("screen")),
                        stream != null && stream.length() <= MAX_STREAM_ID_CHARS ? stream : null);
                events.emit(new RemoteState(peer, remoteState));
            }
            case "chat" -> {
                String chat = JsonObjects.string(m, "text");
                if (chat == null || chat.length() > MAX_CHAT_CHARS || id == null) return;
                control(ordered("t", "chat-ack", "id", id));
                long at = m.get("at") instanceof Number n && n.longValue() > 0 ? n.longValue() : System.currentTimeMillis();
                events.emit(new Chat(peer, id, chat, at));
            }
            case "chat-ack" -> {
                if (id != null) events.emit(new ChatDelivered(id));
            }
            case "file" -> offered(m, id);
            case "file-end" -> {
                FileTransfer t = transfers.get(id);
                if (t == null || t.direction() != Direction.IN) return;
                t.expected = String.valueOf(m.get("sha256"));
                finishIfComplete(t);
            }
            case "file-ack" -> {
                FileTransfer t = transfers.get(id);
                if (t != null && t.direction() == Direction.OUT && t.status() == FileTransfer.Status.SENDING) {
                    t.done(truthy(m.get("ok")), t.sha256(), null);
                }
            }
            case "file-cancel" -> {
                FileTransfer t = transfers.get(id);
                if (t != null && t.active()) t.cancelled(false);
            }
            default -> {
                // newer peers may add messages
            }
        }
    }

    private void offered(Map<String, Object> m, String id) {
        if (id == null || !FILE_ID.matcher(id).matches() || transfers.containsKey(id)) return;
        if (!(m.get("size") instanceof Long size) || size < 0) return;
        String name = String.valueOf(m.get("name"));
        String type = m.get("type") instanceof String s && !s.isEmpty() ? s : "application/octet-stream";
        long incoming = transfers.values().stream().filter(x -> x.direction() == Direction.IN && x.active()).mapToLong(FileTransfer::size).sum();
        if (size > maxIncomingFileBytes - incoming || active(Direction.IN) >= MAX_OPEN_TRANSFERS) {
            control(ordered("t", "file-cancel", "id", id));
            EarlyChannel waiting = early.remove(id);
            if (waiting != null) waiting.channel.close();
            return;
        }
        var t = new FileTransfer(this, id, name.length() > 255 ? name.substring(0, 255) : name, size, type, Direction.IN, peer);
        transfers.put(id, t);
        events.emit(new FileOffered(peer, t));
        EarlyChannel waiting = early.remove(id);
        if (waiting != null && t.active()) receiveInto(t, waiting.channel, waiting.chunks);
    }

    private static boolean truthy(Object v) {
        return v instanceof Boolean b ? b : v instanceof Number n ? n.doubleValue() != 0 : v instanceof String s && !s.isEmpty();
    }

    private static String randomId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return Bytes.hex(b);
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], pairs[i + 1]);
        return m;
    }
}
