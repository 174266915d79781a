package dev.parley.client.webrtc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Releases what may already be released, or whose release webrtc-java reports with an Error. */
final class Closing {
    private static final Logger log = LoggerFactory.getLogger(Closing.class);

    private Closing() {}

    /** Runs a native release, logging rather than throwing what webrtc-java reports. */
    static void run(String what, Runnable release) {
        try {
            release.run();
        } catch (Throwable e) {
            log.trace("{}: {}", what, e.toString());
        }
    }

    static void quietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Throwable e) {
            log.debug("closing {}", c, e);
        }
    }

    /**
     * Drops this side's reference to a native object. webrtc-java's dispose() throws an Error when
     * the object lives on (a closed peer connection still holds its senders' tracks, for one): the
     * reference is dropped all the same, and that is all that is asked here.
     */
    static void dispose(dev.onvoid.webrtc.internal.DisposableNativeObject o) {
        if (o == null) return;
        try {
            o.dispose();
        } catch (Throwable e) {
            log.trace("dispose {}: {}", o.getClass().getSimpleName(), e.toString());
        }
    }
}
