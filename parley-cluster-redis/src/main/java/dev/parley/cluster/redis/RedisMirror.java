package dev.parley.cluster.redis;

import dev.parley.core.FrameMirror;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerFrameCodec;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every frame an acknowledging session is sent into a stream of its own in Redis,
 * {@code b:<id>}, entry id {@code <number>-1}, with the inbox entry it came from ({@code s}) if it
 * came through the inbox; the client's acknowledgements trim it (ack.lua), and so does the session's
 * backlog when it drops frames past its bounds, so the copy never holds more than the node may keep. When a node dies, the
 * reaper sets each of its sessions aside with this copy as its backlog, and with what its inbox
 * held for the session past the newest entry the copy (or field {@code src}) names: so a client
 * that acknowledges resumes on another node without a loss. The commands go out without waiting,
 * in order, on one connection (so a copy is never behind the inbox's trimming, which goes the same
 * way); a session that has ended has no stream, and NOMKSTREAM keeps a late copy from making one.
 */
final class RedisMirror implements FrameMirror {
    private static final Logger log = LoggerFactory.getLogger(RedisMirror.class);
    private static final String ACK = Scripts.load("ack");

    private final RedisAsyncCommands<String, String> redis;
    private final long maxFrames;

    RedisMirror(RedisAsyncCommands<String, String> redis, int maxFrames) {
        this.redis = redis;
        this.maxFrames = maxFrames;
    }

    @Override
    public void sent(String sessionId, long number, ServerFrame frame) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("f", ServerFrameCodec.encode(frame));
        String source = Inbox.currentEntry();
        if (source != null) entry.put("s", source);
        redis.xadd(Keys.copy(sessionId), XAddArgs.Builder.nomkstream().maxlen(maxFrames).id(number + "-1"), entry)
                .exceptionally(e -> {
                    log.warn("session {}: frame {} was not copied to Redis: {}", sessionId, number, e.toString());
                    return null;
                });
    }

    @Override
    public void forget(String sessionId, long number) {
        redis.eval(ACK, ScriptOutputType.INTEGER, new String[] {Keys.copy(sessionId), Keys.session(sessionId)}, Long.toString(number))
                .exceptionally(e -> {
                    log.debug("session {}: copies up to {} not trimmed: {}", sessionId, number, e.toString());
                    return null;
                });
    }
}
