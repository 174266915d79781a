package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node knows when its inbox dropped entries it had not read (more piled up than an inbox keeps). */
class InboxOverflowTest {
    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    @Test
    void entriesTrimmedBeforeTheyWereReadAreNoticed() {
        RedisClient client = RedisClient.create(REDIS.process().uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            var redis = c.sync();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) ids.add(redis.xadd("inbox", XAddArgs.Builder.maxlen(5), Map.of("n", Integer.toString(i))));
            assertThat(Inbox.trimmedUnread(redis, "inbox", "0-0")).as("nothing read, 20 added, 5 kept").isTrue();
            assertThat(Inbox.trimmedUnread(redis, "inbox", ids.get(2))).as("read up to the 3rd: the 4th to 15th went unread").isTrue();
            assertThat(Inbox.trimmedUnread(redis, "inbox", ids.get(15))).as("read up to the 16th, which is kept: nothing unread was trimmed").isFalse();
            assertThat(Inbox.trimmedUnread(redis, "inbox", ids.get(19))).isFalse();
            for (int i = 0; i < 3; i++) redis.xadd("fresh", Map.of("n", Integer.toString(i)));
            assertThat(Inbox.trimmedUnread(redis, "fresh", "0-0")).as("nothing read, nothing trimmed").isFalse();
        } finally {
            client.shutdown();
            REDIS.process().flushAll();
        }
    }
}
