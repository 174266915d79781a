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
    static final Map<String, Integer> KNOWN_DIFFERENCES = Map.ofEntries(
            // CallEvent.StateChanged has no detail: the caller's JS MediaCall reports the callee's reason.
            Map.entry("direct: the caller is rejected (rejected, with the callee's reason)", 9),
            // IncomingCall.reject("") sends "reason":"" (the caller then reads "" instead of "declined").
            Map.entry("direct: an empty reject reason is not sent", 6),
            // Parley aborts the connection and says hello on a new one; the JS SDK says it again on the same one.
            Map.entry("a lost connection: a resume answered session-in-use says hello again 200 ms later, on the same connection", 12),
            // MediaCall.resumeCall takes an error answer for a lost connection and keeps the call, never taken up again.
            Map.entry("a server restart: a ring again refused with an error ends the call (signaling-lost)", 17),
            // MediaCall.resumeCall's next try, scheduled before the hang-up, still rings (a call the app no longer has).
            Map.entry("a server restart: hanging up while waiting to ring again stops the tries", 21),
            // The JS SDK matches a direct call's peer-away/peer-back against the call's first id; the Java SDK the current one.
            Map.entry("a server restart: peer-away and peer-back under the call's new id are not reported"
                    + " (the JS SDK matches them against the call's first id)", 20),
            // A message right behind the answer reaches the loop before the call exists (three hops later): it is lost.
            Map.entry("room: a frame right behind joined reaches the call", 7),
            Map.entry("direct: accepted right behind ringing reaches the call", 7));

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
