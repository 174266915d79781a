package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadTest {
    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "0", "-1.5e10", "true", "null", "\"s\"", "{\"a\":[{\"b\":null}]}"})
    void anySingleJsonValueIsAPayload(String json) {
        assertThat(Payload.parse(json).json()).isEqualTo(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "1 2", "{'a':1}", "[1,]", "nul"})
    void anythingElseIsBadJson(String json) {
        assertThatThrownBy(() -> Payload.parse(json))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_JSON));
    }

    @Test
    void toStringDoesNotLeakTheContent() {
        assertThat(Payload.parse("{\"sdp\":\"secret\"}").toString()).doesNotContain("secret");
    }
}
