package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.Payload;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The copies a cluster keeps of a session's frames follow its backlog: made as frames go, gone once acknowledged or dropped. */
class FrameMirrorTest {
    private final List<String> told = new ArrayList<>();
    private final FrameMirror mirror = new FrameMirror() {
        @Override
        public void sent(String sessionId, long number, ServerFrame frame) {
            told.add(sessionId + " sent " + number);
        }

        @Override
        public void forget(String sessionId, long number) {
            told.add(sessionId + " forget " + number);
        }
    };

    private static ServerFrame frame(int n) {
        return new ServerFrame(null, new Message("r", "peer", new Payload("{\"n\":" + n + "}")));
    }

    @Test
    void copiesGoWhenTheClientHasThemOrTheBacklogDropsThem() {
        Outbox connection = new Outbox() {
            @Override
            public void deliver(ServerFrame frame) { }

            @Override
            public void closeForPolicy(String reason) { }
        };
        var budget = new BacklogBudget(1 << 20, 1 << 20);
        var outbox = new SessionOutbox(connection, HubMetrics.NONE, 3, 1 << 20, budget, "source", () -> { });
        outbox.mirrorTo(mirror, () -> "s1");
        outbox.expectAcks();
        for (int n = 1; n <= 5; n++) outbox.deliver(frame(n));
        assertThat(told).as("three kept at most: the 1st and 2nd are dropped unacknowledged, and their copies with them")
                .containsExactly("s1 sent 1", "s1 sent 2", "s1 sent 3", "s1 sent 4", "s1 forget 1", "s1 sent 5", "s1 forget 2");
        told.clear();
        outbox.ack(4);
        assertThat(told).containsExactly("s1 forget 4");
    }

    @Test
    void aClientThatDoesNotAcknowledgeHasNoCopies() {
        var outbox = new SessionOutbox(null, HubMetrics.NONE, 3, 1 << 20, new BacklogBudget(1 << 20, 1 << 20), "source", () -> { });
        outbox.mirrorTo(mirror, () -> "s1");
        outbox.deliver(frame(1));
        assertThat(told).isEmpty();
    }
}
