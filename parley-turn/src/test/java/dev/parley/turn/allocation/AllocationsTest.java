package dev.parley.turn.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.proto.ChannelNumber;
import dev.parley.turn.proto.Lifetime;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.server.TurnConfig;
import dev.parley.turn.testing.TurnClient;
import dev.parley.turn.testing.TurnFixture;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Quotas (486, 508) and the RFC timers of allocations, permissions and channels, on a hand-moved clock. */
class AllocationsTest {
    @Test
    void perUserQuotaIs486AndTotalCapacityIs508() throws Exception {
        try (TurnFixture turn = TurnFixture.start(b -> b.maxAllocations(3, 2))) {
            List<TurnClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) clients.add(turn.alice());
                assertThat(clients.get(0).allocate().type().messageClass()).isEqualTo(MessageClass.SUCCESS);
                assertThat(clients.get(1).allocate().type().messageClass()).isEqualTo(MessageClass.SUCCESS);
                assertThat(ErrorCode.code(clients.get(2).allocate())).isEqualTo(486);
                try (TurnClient bob = turn.client("bob", "builder"); TurnClient bob2 = turn.client("bob", "builder")) {
                    assertThat(bob.allocate().type().messageClass()).isEqualTo(MessageClass.SUCCESS);
                    assertThat(ErrorCode.code(bob2.allocate())).isEqualTo(508);
                }
                // Deleting one gives the place back.
                clients.get(0).request(MessageType.REFRESH, b -> b.add(Lifetime.TYPE, Lifetime.encode(0)));
                assertThat(clients.get(3).allocate().type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            } finally {
                clients.forEach(TurnClient::close);
            }
        }
    }

    /**
     * Issue 12, finding 3: with credentials for 8 names (minted freely from /api/ice), one address
     * made 8 × 30 Allocates, filled a 201-port range and left a newcomer 508. Now one address holds at
     * most its share (128 by default), and a newcomer from another address still allocates.
     */
    @Test
    void oneAddressCannotTakeTheWholeRelayRange() throws Exception {
        int cap = TurnConfig.DEFAULT_MAX_ALLOCATIONS_PER_ADDRESS;
        try (TurnFixture turn = TurnFixture.start(b -> b.ports(50_000, 50_200)
                .maxAllocations(TurnConfig.DEFAULT_MAX_ALLOCATIONS, TurnConfig.DEFAULT_MAX_ALLOCATIONS_PER_USER)
                .maxAllocationsPerAddress(cap))) {
            List<TurnClient> clients = new ArrayList<>();
            try {
                int allocated = 0, refused = 0;
                for (int user = 0; user < 8; user++) {
                    var minted = turn.rest.mint("user" + user, Duration.ofMinutes(10));
                    for (int i = 0; i < 30; i++) {
                        TurnClient c = turn.client(minted.username(), minted.password());
                        clients.add(c);
                        StunMessage r = c.allocate();
                        if (r.type().messageClass() == MessageClass.SUCCESS) allocated++;
                        else if (ErrorCode.code(r) == ErrorCode.INSUFFICIENT_CAPACITY) refused++;
                    }
                }
                assertThat(allocated).as("one address's share").isEqualTo(cap);
                assertThat(refused).isEqualTo(240 - cap);
                assertThat(turn.server.engine().allocations().size()).isEqualTo(cap);
                try (TurnClient newcomer = turn.client("alice", "wonderland", TurnFixture.ip("127.0.0.2"))) {
                    assertThat(newcomer.allocate().type().messageClass()).as("a newcomer from 127.0.0.2").isEqualTo(MessageClass.SUCCESS);
                }
                // Giving one back lets the address allocate again.
                clients.get(0).request(MessageType.REFRESH, b -> b.add(Lifetime.TYPE, Lifetime.encode(0)));
                try (TurnClient again = turn.client("bob", "builder")) {
                    assertThat(again.allocate().type().messageClass()).isEqualTo(MessageClass.SUCCESS);
                }
            } finally {
                clients.forEach(TurnClient::close);
            }
        }
    }

    /** One host picks its IPv6 source addresses from a whole /64: that is what counts as one address. */
    @Test
    void ipv6AddressesCountPerSlash64() {
        var quotas = new Allocations(100, 100, 2, new dev.parley.turn.testing.FakeClock(), new RelayStats());
        assertThat(quotas.admit("a", TurnFixture.ip("2001:db8::1"))).isEqualTo(Allocations.Admission.ADMITTED);
        assertThat(quotas.admit("b", TurnFixture.ip("2001:db8::2:3:4"))).isEqualTo(Allocations.Admission.ADMITTED);
        assertThat(quotas.admit("c", TurnFixture.ip("2001:db8::ffff:ffff:ffff:ffff"))).isEqualTo(Allocations.Admission.ADDRESS_QUOTA);
        assertThat(quotas.admit("d", TurnFixture.ip("2001:db8:0:1::1"))).as("the next /64").isEqualTo(Allocations.Admission.ADMITTED);
        assertThat(quotas.admit("e", TurnFixture.ip("192.0.2.1"))).isEqualTo(Allocations.Admission.ADMITTED);
        quotas.release("a", TurnFixture.ip("2001:db8::1"));
        assertThat(quotas.admit("c", TurnFixture.ip("2001:db8::5"))).isEqualTo(Allocations.Admission.ADMITTED);
    }

    /** Issue 12, finding 4: 32 Allocates as REST "bob" took the quota of the static user bob. */
    @Test
    void restNamesNeverUseUpTheQuotaOfTheStaticUserOfTheSameName() throws Exception {
        try (TurnFixture turn = TurnFixture.start(b -> b.maxAllocations(1000, 32))) {
            List<TurnClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 32; i++) {
                    var minted = turn.rest.mint("bob", Duration.ofMinutes(10));
                    TurnClient c = turn.client(minted.username(), minted.password());
                    clients.add(c);
                    assertThat(c.allocate().type().messageClass()).isEqualTo(MessageClass.SUCCESS);
                }
                var more = turn.rest.mint("bob", Duration.ofMinutes(10));
                try (TurnClient extra = turn.client(more.username(), more.password()); TurnClient bob = turn.client("bob", "builder")) {
                    assertThat(ErrorCode.code(extra.allocate())).as("REST bob's own quota").isEqualTo(486);
                    assertThat(bob.allocate().type().messageClass()).as("the static user bob").isEqualTo(MessageClass.SUCCESS);
                }
            } finally {
                clients.forEach(TurnClient::close);
            }
        }
    }

    @Test
    void restUsernamesOfOneUserShareTheirQuota() throws Exception {
        try (TurnFixture turn = TurnFixture.start(b -> b.maxAllocations(100, 1))) {
            var first = turn.rest.mint("dave", Duration.ofMinutes(10));
            var second = turn.rest.mint("dave", Duration.ofMinutes(20)); // another expiry, same user
            try (TurnClient a = turn.client(first.username(), first.password()); TurnClient b = turn.client(second.username(), second.password())) {
                assertThat(a.allocate().type().messageClass()).isEqualTo(MessageClass.SUCCESS);
                assertThat(ErrorCode.code(b.allocate())).isEqualTo(486);
            }
        }
    }

    @Test
    void racingAllocatesNeverExceedTheTotal() throws Exception {
        try (TurnFixture turn = TurnFixture.start(b -> b.maxAllocations(5, 1000)); ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                tasks.add(() -> {
                    try (TurnClient c = turn.alice()) {
                        var r = c.allocate();
                        return r.type().messageClass() == MessageClass.SUCCESS ? 200 : ErrorCode.code(r);
                    }
                });
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(tasks)) codes.add(f.get());
            assertThat(codes).filteredOn(c -> c == 200).as(codes.toString()).hasSize(5);
            assertThat(codes).filteredOn(c -> c == 508).as(codes.toString()).hasSize(11);
            assertThat(turn.server.engine().allocations().size()).isEqualTo(5);
        }
    }

    @Test
    void anAllocationExpiresAfterItsLifetimeAndGivesItsQuotaBack() throws Exception {
        try (TurnFixture turn = TurnFixture.start(b -> b.maxAllocations(100, 1)); TurnClient c = turn.alice(); TurnClient d = turn.alice()) {
            assertThat(c.allocate().type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            turn.clock.advance(Duration.ofSeconds(599));
            turn.server.engine().sweep();
            assertThat(c.request(MessageType.REFRESH, b -> {}).type().messageClass()).as("alive at 599 s; refreshed to 600").isEqualTo(MessageClass.SUCCESS);
            turn.clock.advance(Duration.ofSeconds(601));
            turn.server.engine().sweep();
            awaitAllocations(turn, 0);
            assertThat(ErrorCode.code(c.request(MessageType.REFRESH, b -> {}))).isEqualTo(437);
            assertThat(d.allocate().type().messageClass()).isEqualTo(MessageClass.SUCCESS);
        }
    }

    @Test
    void permissionsLastFiveMinutesAndChannelsTenUnlessRefreshed() throws Exception {
        try (TurnFixture turn = TurnFixture.start(b -> b); TurnClient c = turn.alice();
                DatagramSocket peer = new DatagramSocket(0, TurnFixture.ip("127.0.0.1"))) {
            peer.setSoTimeout(300);
            InetSocketAddress target = (InetSocketAddress) peer.getLocalSocketAddress();
            c.request(MessageType.ALLOCATE, b -> b.add(0x0019, new byte[] {17, 0, 0, 0}).add(Lifetime.TYPE, Lifetime.encode(3600)));
            c.createPermission(target);
            turn.clock.advance(Duration.ofSeconds(299));
            c.sendIndication(target, new byte[] {1}, b -> {});
            assertThat(arrives(peer)).as("permission alive at 299 s").isTrue();
            turn.clock.advance(Duration.ofSeconds(2));
            c.sendIndication(target, new byte[] {2}, b -> {});
            assertThat(arrives(peer)).as("permission gone at 301 s").isFalse();

            c.channelBind(0x4100, target); // also installs the permission again
            turn.clock.advance(Duration.ofSeconds(290));
            c.createPermission(target); // the client keeps the permission; the channel lives on its own timer
            turn.clock.advance(Duration.ofSeconds(290));
            c.channelData(0x4100, new byte[] {3});
            assertThat(arrives(peer)).as("channel alive at 580 s").isTrue();
            c.createPermission(target);
            turn.clock.advance(Duration.ofSeconds(25));
            c.channelData(0x4100, new byte[] {4});
            assertThat(arrives(peer)).as("channel gone at 605 s").isFalse();
            // For five more minutes the number stays reserved for that peer (RFC 8656 §12).
            assertThat(ErrorCode.code(c.channelBind(0x4100, new InetSocketAddress(TurnFixture.ip("127.0.0.2"), 9)))).isEqualTo(400);
            assertThat(c.channelBind(0x4100, target).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            assertThat(ChannelNumber.valid(0x4100)).isTrue();
        }
    }

    private static boolean arrives(DatagramSocket s) throws Exception {
        try {
            s.receive(new DatagramPacket(new byte[64], 64));
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    private static void awaitAllocations(TurnFixture turn, int expected) throws InterruptedException {
        for (int i = 0; i < 100 && turn.server.engine().allocations().size() != expected; i++) Thread.sleep(20);
        assertThat(turn.server.engine().allocations().size()).isEqualTo(expected);
    }
}
