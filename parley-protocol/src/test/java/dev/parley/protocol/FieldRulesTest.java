package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FieldRulesTest {
    @Test
    void limitsCountCodePointsNotUtf16Units() {
        String emojiFree32 = "𝒜".repeat(FieldRules.MAX_NAME_CODE_POINTS); // letters outside the BMP, two chars each
        assertThat(FieldRules.requireName(emojiFree32)).isEqualTo(emojiFree32);
        assertThatThrownBy(() -> FieldRules.requireName(emojiFree32 + "𝒜"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FIELD_TOO_LONG));
    }

    @Test
    void namesInAnyScriptWithCombiningMarks() {
        for (String ok : new String[] {"张伟", "José", "Zoë", "नमस्ते", "O'Brien", "a.b_c-d", "Mary Ann"}) {
            assertThat(FieldRules.requireName(ok)).isEqualTo(ok);
        }
    }

    @Test
    void namesWithoutMarkupOrEmojiOrInvisibleCharacters() {
        for (String bad : new String[] {"a<b", "x\u200by", "tab\tname", "😀", "a/b", "trailing ", "al  ice", "a   b"}) {
            assertThatThrownBy(() -> FieldRules.requireName(bad))
                    .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        }
    }

    @Test
    void roomsAreUrlPathSafe() {
        assertThat(FieldRules.requireRoom("team.standup_2026-11~a")).isNotNull();
        for (String bad : new String[] {"a/b", "a?b", "a#b", "a%20b", "a b"}) {
            assertThatThrownBy(() -> FieldRules.requireRoom(bad)).isInstanceOf(ProtocolException.class);
        }
    }
}
