package dev.parley.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.protocol.ServerMessage.Welcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Names unique among everyone online, on whichever node (case, normal forms and look-alikes make no
 * new name), and presence: one full snapshot, then every change in order, so each client's view
 * stays the set of names online. Client {@code k} is on node {@code k % n}.
 */
public abstract class DirectoryContract extends SignalingContract {

    @Test
    void namesAreUniqueWhileOnlineWhateverTheirCaseOrForm() {
        start();
        TestClient alice = greeted(0, "alice");
        int k = 1;
        for (String same : new String[] {"alice", "ALICE", "Alice"}) {
            assertThat(client(k++).hello(new dev.parley.protocol.ClientMessage.Hello(same)))
                    .as(same).isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN));
        }
        greeted(k++, "José");
        assertThat(client(k++).hello(new dev.parley.protocol.ClientMessage.Hello("Jose\u0301"))) // the same name, decomposed
                .isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN));

        alice.close();
        assertThat(client(k).hello("Alice").user().name()).as("released on close, on any node").isEqualTo("Alice");
    }

    @Test
    void aRefusedNameLeavesTheConnectionOpenForAnotherTry() {
        start();
        greeted(0, "alice");
        TestClient again = client(1);
        assertThat(again.hello(new dev.parley.protocol.ClientMessage.Hello("ALICE"))).isInstanceOf(ErrorReply.class);
        assertThat(again.hello("alice2").user().name()).isEqualTo("alice2");
    }

    /**
     * With {@code alice} and {@code bob} online (on other nodes), look-alikes are refused: mixed
     * scripts and hidden characters as invalid, one-script look-alikes as taken; and none is ever
     * listed in presence.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "combining grapheme joiner  | al\u034Fice       | invalid-field",
            "variation selector 16      | alice\uFE0F       | invalid-field",
            "Mongolian selector         | ali\u180Bce       | invalid-field",
            "Khmer inherent vowel       | alice\u17B4       | invalid-field",
            "Hangul filler              | alice\u3164       | invalid-field",
            "Hangul choseong filler     | \u115Falice       | invalid-field",
            "Hangul jungseong filler    | ali\u1160ce       | invalid-field",
            "halfwidth Hangul filler    | alice\uFFA0       | invalid-field",
            "zero-width joiner          | ali\u200Dce       | invalid-field",
            "zero-width space           | ali\u200Bce       | invalid-field",
            "right-to-left override     | \u202Ealice       | invalid-field",
            "left-to-right mark         | alice\u200E       | invalid-field",
            "Cyrillic a                 | \u0430lice        | invalid-field",
            "Greek omicron              | b\u03BFb          | invalid-field",
            "two spaces                 | al  ice            | invalid-field",
            "Cyrillic-only look-alike   | \u0430\u04CF\u0456\u0441\u0435 | name-taken",
            "fullwidth letters          | \uFF41\uFF4C\uFF49\uFF43\uFF45 | name-taken",
            "capitals                   | ALICE              | name-taken",
            "capital I for l            | AIice              | name-taken",
            "capital I for l, folded    | aIice              | name-taken",
            "zero for o                 | b0b                | name-taken",
            "zero for O, capitals       | B0B                | name-taken",
    })
    void aLookAlikeOfAnOnlineNameIsRefused(String what, String name, String code) {
        start();
        TestClient alice = greeted(0, "alice");
        greeted(1, "bob");
        alice.next(Presence.class); // the full list
        alice.next(Presence.class); // bob came online

        TestClient poser = client(2);
        ServerMessage reply;
        try {
            reply = poser.hello(new dev.parley.protocol.ClientMessage.Hello(name));
        } catch (dev.parley.protocol.ProtocolException e) {
            // Refused by the protocol's own field rules before the core sees it: as good for this contract.
            assertThat(e.code().wire()).isEqualTo(code);
            return;
        }
        assertThat(reply).isInstanceOfSatisfying(ErrorReply.class, e -> {
            assertThat(e.code().wire()).isEqualTo(code);
            assertThat(e.message()).contains("name");
        });
        assertThat(poser.hello(new dev.parley.protocol.ClientMessage.Hello(null))).isInstanceOf(Welcome.class);
        alice.expectNothing();
    }

    @Test
    void namesInRealScriptsStayDistinctAndAllowed() {
        start();
        String[] names = {"张伟", "محمد", "Дмитрий", "Dmitry", "Ελένη", "山田 太郎", "नमस्ते", "José", "O'Brien", "Mary Ann",
                "Łukasz", "Nguyễn Văn An", "田中さん", "ひらがな", "김민준", "alice2", "bob.smith"};
        for (int k = 0; k < names.length; k++) assertThat(client(k).hello(names[k]).user().name()).isEqualTo(names[k]);
    }

    @Test
    void presenceStartsWithTheFullListThenFollowsChanges() {
        start();
        TestClient alice = greeted(0, "alice");
        assertThat(alice.next(Presence.class)).isEqualTo(new Presence(true, List.of(), List.of()));

        TestClient bob = greeted(1, "bob");
        assertThat(bob.next(Presence.class)).isEqualTo(new Presence(true, List.of("alice"), List.of()));
        assertThat(alice.next(Presence.class)).isEqualTo(new Presence(false, List.of("bob"), List.of()));

        TestClient anonymous = greeted(2, null); // not listed, and told nothing
        anonymous.expectNothing();
        alice.expectNothing();

        TestClient carol = greeted(3, "carol");
        assertThat(carol.next(Presence.class)).satisfies(full -> { // in no promised order
            assertThat(full.full()).isTrue();
            assertThat(full.online()).containsExactlyInAnyOrder("alice", "bob");
            assertThat(full.offline()).isEmpty();
        });
        assertThat(alice.next(Presence.class)).isEqualTo(new Presence(false, List.of("carol"), List.of()));
        assertThat(bob.next(Presence.class)).isEqualTo(new Presence(false, List.of("carol"), List.of()));

        bob.close();
        assertThat(alice.next(Presence.class)).isEqualTo(new Presence(false, List.of(), List.of("bob")));
        assertThat(carol.next(Presence.class)).isEqualTo(new Presence(false, List.of(), List.of("bob")));
        carol.close();
        assertThat(alice.next(Presence.class)).isEqualTo(new Presence(false, List.of(), List.of("carol")));
        anonymous.expectNothing();
        alice.expectNothing();
    }

    @Test
    void aLostConnectionStaysOnlineUntilTheGraceEnds() {
        start();
        TestClient alice = greeted(0, "alice");
        TestClient bob = greeted(1, "bob");
        alice.next(Presence.class);
        alice.next(Presence.class);
        bob.disconnect();
        alice.expectNothing(); // held: still online, still callable
        assertThat(client(2).hello(new dev.parley.protocol.ClientMessage.Hello("bob")))
                .isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN));
        nodes.advance(GRACE);
        assertThat(alice.next(Presence.class)).isEqualTo(new Presence(false, List.of(), List.of("bob")));
        assertThat(client(3).hello("bob").user().name()).isEqualTo("bob");
    }

    @Test
    void everyoneEndsUpWithTheSameViewWhenManySignInAtOnce() throws Exception {
        start();
        int n = 16;
        List<TestClient> clients = new ArrayList<>();
        List<Callable<Welcome>> signIns = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            TestClient c = client(k);
            clients.add(c);
            String name = "user" + k;
            signIns.add(() -> c.hello(name));
        }
        race(signIns);
        List<Set<String>> views = new ArrayList<>();
        List<List<String>> changes = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<String> cameOnline = new ArrayList<>();
            Set<String> view = viewOf(clients.get(k), n - 1, cameOnline);
            assertThat(view).as("user%d's view", k).hasSize(n - 1).doesNotContain("user" + k);
            views.add(view);
            changes.add(cameOnline);
        }
        // Everyone hears the sign-ins after its own in one order: the order they happened.
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                List<String> both = new ArrayList<>(changes.get(i));
                both.retainAll(changes.get(j));
                List<String> inJ = new ArrayList<>(changes.get(j));
                inJ.retainAll(changes.get(i));
                assertThat(both).as("sign-ins user%d and user%d both heard of, in the order each heard them", i, j).isEqualTo(inJ);
            }
        }

        // Half of them leave, also at once: everyone still there sees exactly the others still online.
        List<Callable<Void>> signOuts = new ArrayList<>();
        for (int k = 0; k < n; k += 2) {
            TestClient c = clients.get(k);
            signOuts.add(() -> {
                c.close();
                return null;
            });
        }
        race(signOuts);
        for (int k = 1; k < n; k += 2) {
            Set<String> view = views.get(k);
            for (ServerMessage m : clients.get(k).drain()) {
                assertThat(m).isInstanceOfSatisfying(Presence.class, change -> {
                    assertThat(change.full()).isFalse();
                    assertThat(change.online()).isEmpty();
                    view.removeAll(change.offline());
                });
            }
            Set<String> others = new HashSet<>();
            for (int j = 1; j < n; j += 2) if (j != k) others.add("user" + j);
            assertThat(view).as("user%d's view after the sign-outs", k).isEqualTo(others);
        }
    }

    /**
     * Reads presence until the client's view has {@code size} names: the full snapshot, then changes
     * applied in order; the names that came online after the snapshot are added to {@code cameOnline}.
     */
    private static Set<String> viewOf(TestClient c, int size, List<String> cameOnline) {
        Presence first = c.next(Presence.class);
        assertThat(first.full()).as("the first presence is the full list").isTrue();
        Set<String> view = new HashSet<>(first.online());
        for (int i = 0; i < 2 * size && view.size() < size; i++) {
            Presence change = c.next(Presence.class);
            assertThat(change.full()).isFalse();
            for (String name : change.online()) assertThat(view.add(name)).as("%s came online twice", name).isTrue();
            cameOnline.addAll(change.online());
            view.removeAll(change.offline());
        }
        c.expectNothing();
        return view;
    }
}
