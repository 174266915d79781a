package dev.parley.cluster.redis;

import dev.parley.cluster.redis.Scripts.Script;
import dev.parley.core.Session;
import dev.parley.core.SessionRegistry;
import io.lettuce.core.api.sync.RedisCommands;

/** Which node holds each session, so the scripts know whose inbox to write to (register.lua, unregister.lua). */
final class RedisSessions implements SessionRegistry {
    private final RedisCommands<String, String> redis;
    private final Inbox inbox;
    private final String node;

    RedisSessions(RedisCommands<String, String> redis, Inbox inbox, String node) {
        this.redis = redis;
        this.inbox = inbox;
        this.node = node;
    }

    @Override
    public void greeted(Session s) {
        Scripts.number(redis, Script.REGISTER, s.id(), node);
    }

    @Override
    public void ended(Session s) {
        inbox.forget(s.id());
        Scripts.number(redis, Script.UNREGISTER, s.id());
    }
}
