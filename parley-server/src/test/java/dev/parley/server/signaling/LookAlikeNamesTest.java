package dev.parley.server.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ParleyClient;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.protocol.ServerMessage.Welcome;
import dev.parley.server.Inbox;
import dev.parley.server.RawSocket;
import dev.parley.server.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 12, finding 7: with {@code alice} and {@code bob} online, names that look the same are
 * refused (each case of the issue, sent as raw JSON as an attacker would) and never listed in
 * presence; names in real scripts, one script each, still work side by side.
 */
class LookAlikeNamesTest {
    private static TestServer server;
    private static Inbox aliceInbox;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        aliceInbox = new Inbox();
        server.connect("alice", aliceInbox);
        server.connect("bob", new Inbox());
        aliceInbox.next(Presence.class); // the full list
        aliceInbox.next(Presence.class); // bob came online
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The name is written as a JSON string body, so escapes reach the server as the code points they name. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "combining grapheme joiner  | al\\u034Fice       | invalid-field",
            "variation selector 16      | alice\\uFE0F       | invalid-field",
            "Mongolian selector         | ali\\u180Bce       | invalid-field",
            "Khmer inherent vowel       | alice\\u17B4       | invalid-field",
            "Hangul filler              | alice\\u3164       | invalid-field",
            "Hangul choseong filler     | \\u115Falice       | invalid-field",
            "Hangul jungseong filler    | ali\\u1160ce       | invalid-field",
            "halfwidth Hangul filler    | alice\\uFFA0       | invalid-field",
            "zero-width joiner          | ali\\u200Dce       | invalid-field",
            "zero-width space           | ali\\u200Bce       | invalid-field",
            "right-to-left override     | \\u202Ealice       | invalid-field",
            "left-to-right mark         | alice\\u200E       | invalid-field",
            "Cyrillic a                 | \\u0430lice        | invalid-field",
            "Greek omicron              | b\\u03BFb          | invalid-field",
            "two spaces                 | al  ice            | invalid-field",
            "Cyrillic-only look-alike   | \\u0430\\u04CF\\u0456\\u0441\\u0435 | name-taken",
            "fullwidth letters          | \\uFF41\\uFF4C\\uFF49\\uFF43\\uFF45 | name-taken",
            "capitals                   | ALICE              | name-taken",
            "capital I for l            | AIice              | name-taken",
            "capital I for l, folded    | aIice              | name-taken",
            "zero for o                 | b0b                | name-taken",
            "zero for O, capitals       | B0B                | name-taken",
    })
    void aLookAlikeOfAnOnlineNameIsRefused(String what, String jsonName, String code) {
        try (RawSocket s = RawSocket.open(server.http(), server.wsUri())) {
            ServerFrame answer = s.send("{\"type\":\"hello\",\"id\":\"1\",\"name\":\"" + jsonName + "\"}").next();
            assertThat(answer.message()).isInstanceOfSatisfying(ErrorReply.class, e -> {
                assertThat(e.code().wire()).isEqualTo(code);
                assertThat(e.message()).contains("name");
            });
            // The connection stays open for another try.
            assertThat(s.send("{\"type\":\"hello\",\"id\":\"2\"}").next(Welcome.class).user().name()).isNull();
        }
        aliceInbox.expectNothing(Duration.ofMillis(50));
    }

    @Test
    void namesInRealScriptsStayDistinctAndAllowed() throws Exception {
        try (TestServer own = TestServer.start()) { // its own server: alice above hears nothing of these
            allOnlineAtOnce(own);
        }
    }

    private static void allOnlineAtOnce(TestServer server) {
        List<ParleyClient> clients = new ArrayList<>();
        String[] names = {"张伟", "محمد", "Дмитрий", "Dmitry", "Ελένη", "山田 太郎", "नमस्ते", "José", "O'Brien", "Mary Ann",
                "Łukasz", "Nguyễn Văn An", "田中さん", "ひらがな", "김민준", "alice2", "bob.smith"};
        for (String name : names) clients.add(server.connect(name, new Inbox()));
        for (int i = 0; i < names.length; i++) assertThat(clients.get(i).welcome().user().name()).isEqualTo(names[i]);
    }
}
