package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextSocketHandlerTest {
    @Test
    void aCloseReasonIsCutToWhatACloseFrameHoldsAtACharacterBoundary() {
        assertThat(TextSocketHandler.fit("short")).isEqualTo("short");
        String name = "张".repeat(32) + "😀".repeat(4);
        String cut = TextSocketHandler.fit("the name '" + name + "' is online on another client, which keeps it");
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(cut).startsWith("the name '张").endsWith("…");
        assertThat(cut.chars().filter(c -> Character.isSurrogate((char) c)).count() % 2).as("no half of a surrogate pair").isZero();
        String exactly = "x".repeat(123);
        assertThat(TextSocketHandler.fit(exactly)).isEqualTo(exactly);
    }
}
