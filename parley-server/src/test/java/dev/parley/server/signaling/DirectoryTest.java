package dev.parley.server.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.server.Inbox;
import dev.parley.server.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DirectoryTest {
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void namesAreUniqueWhileOnlineWhateverTheirCaseOrForm() throws Exception {
        server = TestServer.start();
        ParleyClient alice = server.connect("alice", new Inbox());
        for (String same : new String[] {"alice", "ALICE", "Alice"}) {
            assertThatThrownBy(() -> server.connect(same, new Inbox()))
                    .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN));
        }
        server.connect("José", new Inbox());
        assertThatThrownBy(() -> server.connect("Jose\u0301", new Inbox())) // the same name, decomposed
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN));

        alice.close();
        server.awaitStats(s -> s.namedSessions() == 1);
        assertThat(server.connect("Alice", new Inbox()).welcome().user().name()).isEqualTo("Alice");
    }

    @Test
    void presenceStartsWithTheFullListThenFollowsChanges() throws Exception {
        server = TestServer.start();
        var aliceInbox = new Inbox();
        server.connect("alice", aliceInbox);
        assertThat(aliceInbox.next(Presence.class)).isEqualTo(new Presence(true, List.of(), List.of()));

        var bobInbox = new Inbox();
        ParleyClient bob = server.connect("bob", bobInbox);
        assertThat(bobInbox.next(Presence.class)).isEqualTo(new Presence(true, List.of("alice"), List.of()));
        assertThat(aliceInbox.next(Presence.class)).isEqualTo(new Presence(false, List.of("bob"), List.of()));

        var anonymousInbox = new Inbox();
        server.connect(null, anonymousInbox); // not listed, and told nothing
        anonymousInbox.expectNothing(Duration.ofMillis(200));
        aliceInbox.expectNothing(Duration.ZERO);

        bob.abort();
        assertThat(aliceInbox.next(Presence.class)).isEqualTo(new Presence(false, List.of(), List.of("bob")));
        anonymousInbox.expectNothing(Duration.ofMillis(200));
    }

    @Test
    void everyoneEndsUpWithTheSameViewWhenManySignInAtOnce() throws Exception {
        server = TestServer.start();
        int n = 16;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        List<Inbox> inboxes = new ArrayList<>();
        List<CompletableFuture<ParleyClient>> connecting = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var inbox = new Inbox();
            inboxes.add(inbox);
            String name = "user" + i;
            connecting.add(CompletableFuture.supplyAsync(() -> server.connect(name, inbox), pool));
        }
        connecting.forEach(CompletableFuture::join);
        pool.shutdown();
        for (int i = 0; i < n; i++) {
            Set<String> view = new HashSet<>();
            Presence first = inboxes.get(i).next(Presence.class);
            assertThat(first.full()).isTrue();
            view.addAll(first.online());
            while (view.size() < n - 1) {
                Presence change = inboxes.get(i).next(Presence.class);
                assertThat(change.full()).isFalse();
                view.addAll(change.online());
                view.removeAll(change.offline());
            }
            assertThat(view).hasSize(n - 1).doesNotContain("user" + i);
        }
    }
}
