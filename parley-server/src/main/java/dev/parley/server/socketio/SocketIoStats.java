package dev.parley.server.socketio;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counts for {@code /metrics}: sessions open, requests refused and sessions ended, by reason. */
public final class SocketIoStats {
    /** Why a request was refused before it reached a session. */
    public enum Refusal {
        ORIGIN("origin"), SESSION_LIMIT("session-limit"), UNKNOWN_SID("unknown-sid"), BAD_REQUEST("bad-request"),
        JSONP("jsonp"), BINARY("binary"), OVERSIZE("oversize");

        public final String tag;

        Refusal(String tag) {
            this.tag = tag;
        }
    }

    /** Why an Engine.IO session ended. */
    public enum End {
        CLIENT_CLOSE("client-close"), SERVER_DISCONNECT("server-disconnect"), REFUSED("refused"), PING_TIMEOUT("ping-timeout"),
        CONNECT_TIMEOUT("connect-timeout"), STOPPED_POLLING("stopped-polling"), TRANSPORT_CLOSE("transport-close"),
        PROTOCOL_ERROR("protocol-error"), NOT_READING("not-reading"), SHUTDOWN("shutdown");

        public final String tag;

        End(String tag) {
            this.tag = tag;
        }
    }

    private final AtomicInteger sessions = new AtomicInteger();
    private final Map<Refusal, LongAdder> refused = new EnumMap<>(Refusal.class);
    private final Map<End, LongAdder> ended = new EnumMap<>(End.class);

    public SocketIoStats() {
        for (Refusal r : Refusal.values()) refused.put(r, new LongAdder());
        for (End e : End.values()) ended.put(e, new LongAdder());
    }

    /** Engine.IO sessions open now. */
    public int sessions() {
        return sessions.get();
    }

    public long refused(Refusal reason) {
        return refused.get(reason).sum();
    }

    public long ended(End reason) {
        return ended.get(reason).sum();
    }

    void opened() {
        sessions.incrementAndGet();
    }

    void refuse(Refusal reason) {
        refused.get(reason).increment();
    }

    void end(End reason) {
        sessions.decrementAndGet();
        ended.get(reason).increment();
    }
}
