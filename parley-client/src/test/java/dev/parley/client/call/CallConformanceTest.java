package dev.parley.client.call;

import com.fasterxml.jackson.databind.JsonNode;
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
    @TestFactory
    Stream<DynamicTest> calls() throws Exception {
        JsonNode all = Vectors.load("call.json").get("cases");
        return StreamSupport.stream(all.spliterator(), false)
                .map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> new CallReplay(c).run()));
    }
}
