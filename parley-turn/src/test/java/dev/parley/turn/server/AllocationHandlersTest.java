package dev.parley.turn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.proto.ChannelNumber;
import dev.parley.turn.proto.Lifetime;
import dev.parley.turn.proto.RequestedAddressFamily;
import dev.parley.turn.proto.XorPeerAddress;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.testing.TurnClient;
import dev.parley.turn.testing.TurnFixture;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Refresh (RFC 8656 §8), CreatePermission (§10) and ChannelBind (§11) on an allocation. */
class AllocationHandlersTest {
    private static final InetSocketAddress PEER = new InetSocketAddress(TurnFixture.ip("127.0.0.1"), 9);
    private static final InetSocketAddress OTHER_PEER = new InetSocketAddress(TurnFixture.ip("127.0.0.2"), 9);
    private static TurnFixture turn;

    @BeforeAll
    static void start() throws Exception {
        turn = TurnFixture.start(b -> b);
    }

    @AfterAll
    static void stop() {
        turn.close();
    }

    @Test
    void withoutAnAllocationEveryRequestIs437() throws Exception {
        try (TurnClient c = turn.alice()) {
            assertThat(ErrorCode.code(c.request(MessageType.REFRESH, b -> {}))).isEqualTo(437);
            assertThat(ErrorCode.code(c.createPermission(PEER))).isEqualTo(437);
            assertThat(ErrorCode.code(c.channelBind(0x4000, PEER))).isEqualTo(437);
        }
    }

    @Test
    void refreshSetsTheLifetimeCappedAtTheMaximumAndZeroDeletes() throws Exception {
        try (TurnClient c = turn.alice()) {
            c.allocate();
            assertThat(lifetime(c.request(MessageType.REFRESH, b -> b.add(Lifetime.TYPE, Lifetime.encode(1200))))).isEqualTo(1200);
            assertThat(lifetime(c.request(MessageType.REFRESH, b -> b.add(Lifetime.TYPE, Lifetime.encode(100_000))))).isEqualTo(3600);
            assertThat(lifetime(c.request(MessageType.REFRESH, b -> {}))).isEqualTo(600);
            int before = turn.server.engine().allocations().size();
            assertThat(lifetime(c.request(MessageType.REFRESH, b -> b.add(Lifetime.TYPE, Lifetime.encode(0))))).isZero();
            assertThat(turn.server.engine().allocations().size()).isEqualTo(before - 1);
            assertThat(ErrorCode.code(c.request(MessageType.REFRESH, b -> {}))).isEqualTo(437);
            assertThat(c.allocate().type().messageClass()).as("the 5-tuple is free again").isEqualTo(MessageClass.SUCCESS);
        }
    }

    @Test
    void refreshAskingForTheOtherFamilyIs443() throws Exception {
        try (TurnClient c = turn.alice()) {
            c.allocate();
            StunMessage r = c.request(MessageType.REFRESH, b -> b.add(RequestedAddressFamily.TYPE,
                    RequestedAddressFamily.encode(RequestedAddressFamily.IPV6)));
            assertThat(ErrorCode.code(r)).isEqualTo(443);
        }
    }

    @Test
    void anotherUserOnTheSameFiveTupleIs441() throws Exception {
        try (TurnClient c = turn.alice()) {
            c.allocate();
            // Same socket, bob's credentials: the allocation is alice's.
            try (TurnClient bob = turn.client("bob", "builder")) {
                StunMessage learned = bob.allocate();
                assertThat(learned.type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            }
            StunMessage r = c.exchange(signedAs(c, "bob", "builder"));
            assertThat(ErrorCode.code(r)).isEqualTo(441);
        }
    }

    @Test
    void createPermissionAcceptsSeveralPeersAndNeedsAtLeastOne() throws Exception {
        try (TurnClient c = turn.alice()) {
            c.allocate();
            assertThat(c.createPermission(PEER, OTHER_PEER).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            assertThat(ErrorCode.code(c.createPermission())).isEqualTo(400);
        }
    }

    @Test
    void createPermissionForAPeerOfTheOtherFamilyIs443() throws Exception {
        try (TurnClient c = turn.alice()) {
            c.allocate();
            assertThat(ErrorCode.code(c.createPermission(new InetSocketAddress(TurnFixture.ip("::1"), 9)))).isEqualTo(443);
        }
    }

    @Test
    void tooManyPermissionsIs508() throws Exception {
        try (TurnClient c = turn.alice()) {
            c.allocate();
            for (int i = 0; i < dev.parley.turn.allocation.Allocation.MAX_PERMISSIONS; i++) {
                var peer = new InetSocketAddress(TurnFixture.ip("127.0." + (i / 250) + "." + (1 + i % 250)), 9);
                assertThat(c.createPermission(peer).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            }
            assertThat(ErrorCode.code(c.createPermission(new InetSocketAddress(TurnFixture.ip("127.1.1.1"), 9)))).isEqualTo(508);
            assertThat(c.createPermission(PEER).type().messageClass()).as("refreshing one held is fine").isEqualTo(MessageClass.SUCCESS);
        }
    }

    @Test
    void channelBindValidatesNumberAndPairingAndRefreshes() throws Exception {
        try (TurnClient c = turn.alice()) {
            c.allocate();
            assertThat(ErrorCode.code(c.channelBind(0x3FFF, PEER))).isEqualTo(400);
            assertThat(ErrorCode.code(c.channelBind(0x8000, PEER))).isEqualTo(400);
            assertThat(c.channelBind(0x4000, PEER).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            assertThat(c.channelBind(0x4000, PEER).type().messageClass()).as("refresh").isEqualTo(MessageClass.SUCCESS);
            assertThat(ErrorCode.code(c.channelBind(0x4000, OTHER_PEER))).as("number taken").isEqualTo(400);
            assertThat(ErrorCode.code(c.channelBind(0x4001, PEER))).as("peer taken").isEqualTo(400);
            assertThat(c.channelBind(0x4001, OTHER_PEER).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
        }
    }

    @Test
    void channelBindWithoutItsAttributesIs400() throws Exception {
        try (TurnClient c = turn.alice()) {
            c.allocate();
            assertThat(ErrorCode.code(c.request(MessageType.CHANNEL_BIND, b -> b.add(ChannelNumber.TYPE, ChannelNumber.encode(0x4000)))))
                    .isEqualTo(400);
            assertThat(ErrorCode.code(c.request(MessageType.CHANNEL_BIND, b -> b.add(XorPeerAddress.TYPE,
                    XorPeerAddress.encode(PEER, b.transactionId()))))).isEqualTo(400);
        }
    }

    private static long lifetime(StunMessage m) throws Exception {
        assertThat(m.type().messageClass()).as("error %d", ErrorCode.code(m)).isEqualTo(MessageClass.SUCCESS);
        return Lifetime.decode(m.attribute(Lifetime.TYPE));
    }

    private static byte[] signedAs(TurnClient c, String user, String password) {
        return dev.parley.turn.stun.StunMessageBuilder.of(TurnClient.request(MessageType.REFRESH))
                .add(dev.parley.turn.stun.TextAttribute.USERNAME.type, dev.parley.turn.stun.TextAttribute.USERNAME.encode(user))
                .add(dev.parley.turn.stun.TextAttribute.REALM.type, dev.parley.turn.stun.TextAttribute.REALM.encode(TurnConfig.DEFAULT_REALM))
                .add(dev.parley.turn.stun.TextAttribute.NONCE.type, dev.parley.turn.stun.TextAttribute.NONCE.encode(c.nonce()))
                .integrity(dev.parley.turn.stun.LongTermKey.md5(user, TurnConfig.DEFAULT_REALM, password)).buildWithFingerprint();
    }
}
