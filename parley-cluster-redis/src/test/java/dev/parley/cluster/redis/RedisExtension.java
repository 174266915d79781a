package dev.parley.cluster.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh {@link RedisProcess} per test class:
 * <pre>{@code
 * @RegisterExtension
 * static final RedisExtension redis = new RedisExtension();
 * ... RedisClient.create(redis.process().uri()) ...
 * }</pre>
 * It starts before the class's first test and is killed after its last; a test that needs a pristine
 * server calls {@code redis.process().restart()} or {@code flushAll()}.
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback {

    /** Set by JUnit's thread in beforeAll, read by the tests; volatile because tests may run on others. */
    private volatile RedisProcess process;

    /** The class's server; only between beforeAll and afterAll (i.e. in tests and their set-up). */
    public RedisProcess process() {
        RedisProcess current = process;
        if (current == null) {
            throw new IllegalStateException("no Redis: register this extension on a static field with @RegisterExtension");
        }
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        process = RedisProcess.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RedisProcess current = process;
        process = null;
        if (current != null) {
            current.close();
        }
    }
}
