package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetector.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MainTest {
    private Level before;
    private String property;

    @BeforeEach
    void remember() {
        before = ResourceLeakDetector.getLevel();
        property = System.getProperty(Main.LEAK_DETECTION);
    }

    @AfterEach
    void restore() {
        ResourceLeakDetector.setLevel(before);
        if (property == null) System.clearProperty(Main.LEAK_DETECTION);
        else System.setProperty(Main.LEAK_DETECTION, property);
    }

    @Test
    void aRunningServerTurnsNettysLeakSamplingOff() {
        System.clearProperty(Main.LEAK_DETECTION);
        ResourceLeakDetector.setLevel(Level.SIMPLE);

        Main.quietLeakDetection();

        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.DISABLED);
    }

    @Test
    void anOperatorAskingForLeakDetectionKeepsIt() {
        System.setProperty(Main.LEAK_DETECTION, "advanced");
        ResourceLeakDetector.setLevel(Level.ADVANCED);

        Main.quietLeakDetection();

        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.ADVANCED);
    }
}
