package dev.parley.client.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays conformance/call.json against the Java SDK's session and call layer ({@link CallReplay});
 * the JS SDK's tests replay the same file (conformance/replay.test.mjs), so the two run one state
 * machine.
 */
class CallConformanceTest {
    /**
     * Where the Java SDK does not do what the JS SDK (the reference) does, until it is decided which
     * is right: case name → the step whose expectation the Java SDK fails. Such a case must fail
     * there, so that a fix (or a change of the vector) shows up as a test to update.
     */
    /** Cases where the Java SDK knowingly does what the JS SDK does not, and the step where that shows. None now. */
    static final Map<String, Integer> KNOWN_DIFFERENCES = Map.of();

    @TestFactory
    Stream<DynamicTest> calls() throws Exception {
        JsonNode all = Vectors.load("call.json").get("cases");
        return StreamSupport.stream(all.spliterator(), false).map(c -> {
            String name = c.get("name").asText();
            Integer step = KNOWN_DIFFERENCES.get(name);
            if (step == null) return DynamicTest.dynamicTest(name, () -> new CallReplay(c).run());
            return DynamicTest.dynamicTest(name + " (a known difference, at step " + step + ")", () -> {
                Throwable failure = catchThrowable(() -> new CallReplay(c).run());
                if (failure == null) fail("'" + name + "' no longer differs from the JS SDK: take it out of KNOWN_DIFFERENCES");
                assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("at step " + step + ";");
            });
        });
    }
}
