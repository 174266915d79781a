package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ServerFrame;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A translated client's session is known by its id, and no other session's id looks like one. */
class TranslatedIdsTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final Hub hub = new Hub(SignalingConfig.defaults(), timers);

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    private static final Outbox NOWHERE = new Outbox() {
        @Override
        public void deliver(ServerFrame frame) {}

        @Override
        public void closeForPolicy(String reason) {}
    };

    @Test
    void translatedSessionsAndOnlyThemHaveTheMark() {
        for (int i = 0; i < 1_000; i++) {
            String translated = hub.openTranslated(NOWHERE, "test", null, new Object(), SessionSlot.NONE).id();
            String own = hub.open(NOWHERE, "test", null).id();
            assertThat(Session.isTranslated(translated)).as(translated).isTrue();
            assertThat(translated).hasSize(16).matches("~[A-Za-z0-9_-]{15}");
            assertThat(Session.isTranslated(own)).as(own).isFalse();
            assertThat(Session.isTranslated(Ids.like(translated))).isTrue();
            assertThat(Session.isTranslated(Ids.like(own))).isFalse();
        }
    }
}
