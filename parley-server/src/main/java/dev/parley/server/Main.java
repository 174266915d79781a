package dev.parley.server;

import dev.parley.server.cli.ParleyCommand;
import io.netty.util.ResourceLeakDetector;

/** Entry point of the runnable jar. */
public final class Main {
    /** Netty's system property for its buffer leak detector, honoured when an operator sets it. */
    static final String LEAK_DETECTION = "io.netty.leakDetection.level";
    /** The same property's older name, which Netty still reads. */
    static final String LEAK_DETECTION_OLD = "io.netty.leakDetectionLevel";

    private Main() {}

    public static void main(String[] args) {
        quietLeakDetection();
        System.exit(ParleyCommand.commandLine(new ParleyCommand(), System.getenv()).execute(args));
    }

    /**
     * Netty samples one buffer allocation in 128 for leak tracking, with a stack trace each: about 1%
     * of the relay's CPU at a light load. The tests keep the detector on; a running server turns it off
     * unless asked ({@code PARLEY_JAVA_OPTS=-Dio.netty.leakDetection.level=advanced}).
     */
    static void quietLeakDetection() {
        if (System.getProperty(LEAK_DETECTION) == null && System.getProperty(LEAK_DETECTION_OLD) == null) ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
}
