package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Left;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestsTest {
    private final Requests requests = new Requests();

    @Test
    void answersCompleteTheRequestWithTheirRefOnly() {
        var first = new CompletableFuture<ServerMessage>();
        var second = new CompletableFuture<ServerMessage>();
        String a = requests.open(first);
        String b = requests.open(second);
        assertThat(a).isNotEqualTo(b);

        assertThat(requests.answer(b, new Left("r"))).isTrue();
        assertThat(second).isCompletedWithValue(new Left("r"));
        assertThat(first).isNotDone();
        assertThat(requests.answer(b, new Left("again"))).as("answered once only").isFalse();
        assertThat(requests.answer(null, new Left("event"))).isFalse();
        assertThat(requests.answer("999", new Left("unknown"))).isFalse();
    }

    @Test
    void anErrorAnswerFailsTheRequestWithItsCode() {
        var f = new CompletableFuture<ServerMessage>();
        String id = requests.open(f);
        requests.answer(id, new ErrorReply(ErrorCode.NOT_IN_ROOM, "you are not in room 'r'"));
        assertThatThrownBy(f::join).cause().isInstanceOfSatisfying(ParleyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_IN_ROOM);
            assertThat(e.getMessage()).contains("room 'r'");
        });
    }

    @Test
    void aTimedOutRequestIsForgottenSoALateAnswerGoesToTheListener() throws Exception {
        var f = new CompletableFuture<ServerMessage>();
        String id = requests.open(f);
        f.orTimeout(10, TimeUnit.MILLISECONDS);
        assertThatThrownBy(() -> f.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(requests.answer(id, new Left("late"))).isFalse();
    }

    @Test
    void closingFailsEveryWaitingRequest() {
        var f = new CompletableFuture<ServerMessage>();
        requests.open(f);
        requests.failAll(new ParleyException("connection closed (1006)", null));
        assertThatThrownBy(f::join).cause().isInstanceOf(ParleyException.class).hasMessageContaining("1006");
    }
}
