package dev.parley.server.dialect.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The transcript files and the changes a dialect test makes to them (no Node needed). */
class TranscriptTest {

    @Test
    void everyCommittedTranscriptReadsBackAsWritten() {
        for (String name : new String[] {"seed000-page", "seed000-room-types", "seed000-android", "seed000-mixed",
                "seed002-signalserver", "seed002-room-types"}) {
            Transcript t = Transcript.load(name);
            assertThat(t.name()).isEqualTo(name);
            assertThat(t.turns()).allSatisfy(turn -> assertThat(turn.then()).isNotNull());
            assertThat(Transcript.fromJson(Transcript.parse(t.toText())).toText()).isEqualTo(t.toText());
        }
    }

    @Test
    void kindsTurnsAndExpectationsCanBeChanged() {
        Transcript page = Transcript.load("seed000-page");
        assertThat(page.clients()).containsExactly(
                java.util.Map.entry("A", "sio2"), java.util.Map.entry("B", "sio2"), java.util.Map.entry("C", "sio2"));
        assertThat(page.withKind("sio2", "java1").clients().values()).containsOnly("java1");

        Transcript start = page.until("C connects");
        assertThat(start.turns()).hasSize(9);
        assertThat(start.clients()).containsOnlyKeys("A", "B");

        Transcript changed = page.expecting("A disconnects", "B", "{\"event\":\"bye\",\"args\":[123456,\"{A}\"]}");
        assertThat(TranscriptAssertions.got(changed, "A disconnects", "B"))
                .containsExactly(TranscriptAssertions.event("bye", "123456", "\"{A}\""));
        assertThat(TranscriptAssertions.got(page, "A disconnects", "B")).isEmpty();
        assertThatThrownBy(() -> page.until("no such turn")).hasMessageContaining("no turn");
    }
}
