package dev.parley.client.webrtc;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads with names, so a stack dump tells whose they are and none keeps the JVM alive. */
final class Threads {
    private Threads() {}

    static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, count.getAndIncrement() == 0 ? name : name + "-" + count.get());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Whether this thread is inside a callback from webrtc's native threads: there, a native call
     * that waits on the signaling thread may deadlock or re-enter webrtc, so such work is handed off.
     */
    static boolean inNativeCallback() {
        return IN_CALLBACK.get();
    }

    static final ThreadLocal<Boolean> IN_CALLBACK = ThreadLocal.withInitial(() -> false);

    /**
     * Runs an application callback from a native thread. An exception escaping into webrtc-java
     * becomes a C++ exception on a native thread, which aborts the JVM: nothing may escape.
     */
    static void callback(String what, Runnable r) {
        boolean outer = !IN_CALLBACK.get();
        if (outer) IN_CALLBACK.set(true);
        try {
            r.run();
        } catch (Throwable e) {
            org.slf4j.LoggerFactory.getLogger(Threads.class).warn("{} threw", what, e);
        } finally {
            if (outer) IN_CALLBACK.set(false);
        }
    }
}
