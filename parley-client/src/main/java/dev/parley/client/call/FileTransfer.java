package dev.parley.client.call;

import dev.parley.client.Events;
import dev.parley.client.rtc.RtcDataChannel;
import dev.parley.protocol.Peer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * One file on its way over a call's data channel, in either direction (the JS SDK's
 * {@code FileTransfer}). Events: {@link Progress}, {@link Done}, {@link Cancelled}; on the loop.
 */
public final class FileTransfer {
    public enum Direction {
        OUT,
        IN
    }

    public enum Status {
        SENDING,
        RECEIVING,
        DONE,
        FAILED,
        CANCELLED
    }

    /** ({@code progress}) bytes moved so far. */
    public record Progress(long bytes, long size) {}

    /** ({@code done}) the receiver checked the digest: {@code ok} false if it did not match. */
    public record Done(boolean ok, String sha256) {}

    /** ({@code cancelled}) {@code byMe}: this side gave up, else the other side did. */
    public record Cancelled(boolean byMe) {}

    private final CallData data;
    private final Events events = new Events();
    private final String id;
    private final String name;
    private final long size;
    private final String type;
    private final Direction direction;
    private final Peer peer;

    // Confined to the loop.
    private Status status;
    private long bytes;
    private String sha256;
    RtcDataChannel channel;
    /** Sending: where the bytes come from. */
    InputStream source;
    /** Sending: waiting for the channel's queue to drain. */
    boolean waiting;
    /** Receiving: the bytes so far, the running digest, the digest the sender announced. */
    ByteArrayOutputStream received;
    MessageDigest hash;
    String expected;
    private byte[] content;

    FileTransfer(CallData data, String id, String name, long size, String type, Direction direction, Peer peer) {
        this.data = data;
        this.id = id;
        this.name = name;
        this.size = size;
        this.type = type;
        this.direction = direction;
        this.peer = peer;
        this.status = direction == Direction.OUT ? Status.SENDING : Status.RECEIVING;
        this.hash = CallData.sha256();
    }

    public Events events() {
        return events;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public long size() {
        return size;
    }

    /** The sender's media type for it. */
    public String type() {
        return type;
    }

    public Direction direction() {
        return direction;
    }

    /** Who sent it or gets it. */
    public Peer peer() {
        return peer;
    }

    public Status status() {
        return status;
    }

    public long bytes() {
        return bytes;
    }

    /** The SHA-256 digest in hex, once all bytes went through. */
    public String sha256() {
        return sha256;
    }

    /** The received file, when it arrived intact (receiving side); null otherwise. */
    public byte[] content() {
        return content;
    }

    /** Whether it is still under way. */
    public boolean active() {
        return status == Status.SENDING || status == Status.RECEIVING;
    }

    /** Gives up on the file; the other side hears {@code file-cancel}. Call on the loop. */
    public void cancel() {
        if (!active()) return;
        data.control(java.util.Map.of("t", "file-cancel", "id", id));
        cancelled(true);
    }

    void cancelled(boolean byMe) {
        status = Status.CANCELLED;
        finish();
        events.emit(new Cancelled(byMe));
    }

    void moved(long total) {
        bytes = total;
        events.emit(new Progress(total, size));
    }

    void done(boolean ok, String digest, byte[] file) {
        status = ok ? Status.DONE : Status.FAILED;
        sha256 = digest;
        content = file;
        finish();
        events.emit(new Done(ok, digest));
    }

    void digest(String digest) {
        sha256 = digest;
    }

    private void finish() {
        if (channel != null) channel.close();
        received = null;
        if (source != null) {
            try {
                source.close();
            } catch (java.io.IOException ignored) {
                // nothing more will be read from it
            }
        }
        data.forget(this);
    }
}
