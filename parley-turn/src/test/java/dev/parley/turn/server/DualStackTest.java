package dev.parley.turn.server;

import static dev.parley.turn.server.DataHandlerTest.address;
import static dev.parley.turn.server.DataHandlerTest.bytes;
import static dev.parley.turn.server.DataHandlerTest.peer;
import static dev.parley.turn.server.DataHandlerTest.receive;
import static dev.parley.turn.server.DataHandlerTest.receiveOrNull;
import static dev.parley.turn.server.DataHandlerTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.net.TurnServer;
import dev.parley.turn.policy.Cidr;
import dev.parley.turn.policy.PeerPolicy;
import dev.parley.turn.proto.AdditionalAddressFamily;
import dev.parley.turn.proto.AddressErrorCode;
import dev.parley.turn.proto.Data;
import dev.parley.turn.proto.EvenPort;
import dev.parley.turn.proto.Lifetime;
import dev.parley.turn.proto.RequestedAddressFamily;
import dev.parley.turn.proto.RequestedTransport;
import dev.parley.turn.proto.ReservationToken;
import dev.parley.turn.proto.XorPeerAddress;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunMessageBuilder;
import dev.parley.turn.stun.XorMappedAddress;
import dev.parley.turn.testing.TurnClient;
import dev.parley.turn.testing.TurnFixture;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dual-stack relays (RFC 8656 §7.2, §8, §18.11, §18.12; RFC 6156): one allocation with an IPv4 and an
 * IPv6 relayed address, each family's peers reached from the relay of that family, and what a server
 * missing one family answers. The server listens on {@code ::}, so clients come over IPv4 and IPv6.
 */
class DualStackTest {
    private static TurnFixture turn;

    @BeforeAll
    static void start() throws Exception {
        turn = TurnFixture.start(b -> b.relayIPv6(TurnFixture.ip("::1"), null)
                .peerPolicy(PeerPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")))), dualStackListeners());
    }

    @AfterAll
    static void stop() {
        turn.close();
    }

    static TurnServer.Listeners dualStackListeners() {
        return new TurnServer.Listeners("::", 0, 0, -1, null, 2);
    }

    static Consumer<StunMessageBuilder> udp() {
        return b -> b.add(RequestedTransport.TYPE, RequestedTransport.encode(RequestedTransport.UDP));
    }

    static Consumer<StunMessageBuilder> dual() {
        return udp().andThen(b -> b.add(AdditionalAddressFamily.TYPE, AdditionalAddressFamily.encode(RequestedAddressFamily.IPV6)));
    }

    static StunMessage allocate(TurnClient c, Consumer<StunMessageBuilder> attributes) throws Exception {
        return c.request(MessageType.ALLOCATE, attributes);
    }

    @Test
    void aDualAllocationHasAnIpv4AndAnIpv6RelayedAddressAndRelaysEachFamilyFromItsOwn() throws Exception {
        try (TurnClient c = turn.alice(); DatagramSocket peer4 = peer("127.0.0.1"); DatagramSocket peer6 = peer("::1")) {
            StunMessage r = allocate(c, dual());
            assertThat(r.type().messageClass()).as("allocate: %d", ErrorCode.code(r)).isEqualTo(MessageClass.SUCCESS);
            List<InetSocketAddress> relayed = TurnClient.allRelayed(r);
            assertThat(relayed).hasSize(2);
            InetSocketAddress relay4 = relayed.get(0), relay6 = relayed.get(1);
            assertThat(relay4.getAddress()).isEqualTo(TurnFixture.ip("127.0.0.1"));
            assertThat(relay6.getAddress()).isEqualTo(TurnFixture.ip("::1"));
            assertThat(r.attribute(AddressErrorCode.TYPE)).as("nothing missing").isNull();

            // Channels, one per family: each peer hears from, and answers to, the relay of its own family.
            assertThat(c.channelBind(0x4000, address(peer4)).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            assertThat(c.channelBind(0x4001, address(peer6)).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            c.channelData(0x4000, bytes("to four"));
            c.channelData(0x4001, bytes("to six"));
            DatagramPacket at4 = receive(peer4), at6 = receive(peer6);
            assertThat(text(at4)).isEqualTo("to four");
            assertThat(at4.getSocketAddress()).isEqualTo(relay4);
            assertThat(text(at6)).isEqualTo("to six");
            assertThat(at6.getSocketAddress()).isEqualTo(relay6);
            peer4.send(new DatagramPacket(bytes("from four"), 9, relay4));
            assertThat(channelPayload(c.receive(2000), 0x4000)).isEqualTo("from four");
            peer6.send(new DatagramPacket(bytes("from six"), 8, relay6));
            assertThat(channelPayload(c.receive(2000), 0x4001)).isEqualTo("from six");

            // Send indications and Data indications, per family too.
            c.sendIndication(address(peer6), bytes("sent six"), b -> {});
            DatagramPacket sent6 = receive(peer6);
            assertThat(text(sent6)).isEqualTo("sent six");
            assertThat(sent6.getSocketAddress()).isEqualTo(relay6);
            c.sendIndication(address(peer4), bytes("sent four"), b -> {});
            assertThat(receive(peer4).getSocketAddress()).isEqualTo(relay4);
            try (DatagramSocket other6 = peer("::1")) { // permitted (same address), no channel: a Data indication
                other6.send(new DatagramPacket(bytes("data six"), 8, relay6));
                StunMessage data = StunMessage.decode(c.receive(2000));
                assertThat(data.type()).isEqualTo(MessageType.of(MessageType.DATA, MessageClass.INDICATION));
                assertThat(XorPeerAddress.decode(data.attribute(XorPeerAddress.TYPE), data.transactionId()).address()).isEqualTo(address(other6));
                assertThat(new String(data.attribute(Data.TYPE).value())).isEqualTo("data six");
            }
        }
    }

    @Test
    void permissionsArePerAddressAndFamily() throws Exception {
        try (TurnClient c = turn.alice(); DatagramSocket peer4 = peer("127.0.0.1"); DatagramSocket peer6 = peer("::1")) {
            List<InetSocketAddress> relayed = TurnClient.allRelayed(allocate(c, dual()));
            assertThat(c.createPermission(address(peer6)).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            // Only ::1 is permitted: 127.0.0.1 gets nothing through either relay, nor reaches the client.
            c.sendIndication(address(peer4), bytes("no"), b -> {});
            assertThat(receiveOrNull(peer4)).isNull();
            peer4.send(new DatagramPacket(bytes("no"), 2, relayed.get(0)));
            assertThat(c.receive(300)).isNull();
            c.sendIndication(address(peer6), bytes("yes"), b -> {});
            assertThat(text(receive(peer6))).isEqualTo("yes");
        }
    }

    @Test
    void anIpv4ClientAndAnIpv6ClientAreBothServedOnTheDualStackListener() throws Exception {
        try (TurnClient four = turn.alice(); TurnClient six = turn.alice6()) {
            for (TurnClient c : List.of(four, six)) {
                StunMessage r = c.unsigned(MessageType.BINDING, b -> {});
                assertThat(XorMappedAddress.decode(r.attribute(XorMappedAddress.TYPE).value(), r.transactionId())).isEqualTo(c.localAddress());
            }
            // Without a family named, each gets a relay of the family it came over (TurnConfig.DefaultFamily.CLIENT).
            assertThat(TurnClient.relayed(four.allocate()).getAddress()).isEqualTo(TurnFixture.ip("127.0.0.1"));
            assertThat(TurnClient.relayed(six.allocate()).getAddress()).isEqualTo(TurnFixture.ip("::1"));
        }
    }

    @Test
    void theRfcDefaultGivesIpv4WhateverTheClientCameOver() throws Exception {
        try (TurnFixture strict = TurnFixture.start(b -> b.relayIPv6(TurnFixture.ip("::1"), null)
                .defaultFamily(TurnConfig.DefaultFamily.IPV4), dualStackListeners()); TurnClient six = strict.alice6()) {
            assertThat(TurnClient.relayed(six.allocate()).getAddress()).isEqualTo(TurnFixture.ip("127.0.0.1"));
        }
    }

    @Test
    void withoutAnIpv6RelayTheIpv4AllocationSucceedsAndAddressErrorCodeSays440() throws Exception {
        try (TurnFixture v4only = TurnFixture.start(b -> b); TurnClient c = v4only.alice()) {
            StunMessage r = allocate(c, dual());
            assertThat(r.type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            assertThat(TurnClient.allRelayed(r)).extracting(InetSocketAddress::getAddress).containsExactly(TurnFixture.ip("127.0.0.1"));
            AddressErrorCode.Value missing = AddressErrorCode.decode(r.attribute(AddressErrorCode.TYPE));
            assertThat(missing.family()).isEqualTo(RequestedAddressFamily.IPV6);
            assertThat(missing.code()).isEqualTo(440);
            assertThat(dev.parley.turn.stun.MessageIntegrity.verify(r, c.key())).as("signed with the rest").isTrue();
        }
    }

    @Test
    void anIpv6OnlyServerGivesAnIpv6RelayToADualRequestAndRefusesAnIpv4One() throws Exception {
        try (TurnFixture v6only = TurnFixture.startIpv6Only(b -> b.peerPolicy(PeerPolicy.allowing(List.of(Cidr.parse("::1/128"))))); TurnClient c = v6only.alice6(); TurnClient plain = v6only.alice6();
                TurnClient four = v6only.alice6()) {
            StunMessage r = allocate(c, dual());
            assertThat(TurnClient.allRelayed(r)).extracting(InetSocketAddress::getAddress).containsExactly(TurnFixture.ip("::1"));
            AddressErrorCode.Value missing = AddressErrorCode.decode(r.attribute(AddressErrorCode.TYPE));
            assertThat(missing.family()).isEqualTo(RequestedAddressFamily.IPV4);
            assertThat(missing.code()).isEqualTo(440);
            assertThat(TurnClient.relayed(plain.allocate()).getAddress()).isEqualTo(TurnFixture.ip("::1"));
            assertThat(ErrorCode.code(allocate(four, udp().andThen(b -> b.add(RequestedAddressFamily.TYPE,
                    RequestedAddressFamily.encode(RequestedAddressFamily.IPV4)))))).isEqualTo(440);
        }
    }

    @Test
    void aReservationTokenClaimsItsIpv6PortWhateverTheDefaultFamily() throws Exception {
        try (TurnFixture v6only = TurnFixture.startIpv6Only(b -> b.defaultFamily(TurnConfig.DefaultFamily.IPV4)
                .peerPolicy(PeerPolicy.allowing(List.of(Cidr.parse("::1/128"))))); TurnClient rtp = v6only.alice6(); TurnClient rtcp = v6only.alice6()) {
            StunMessage r = allocate(rtp, udp().andThen(b -> b.add(RequestedAddressFamily.TYPE, RequestedAddressFamily.encode(RequestedAddressFamily.IPV6))
                    .add(EvenPort.TYPE, EvenPort.encode(true))));
            InetSocketAddress even = TurnClient.relayed(r);
            long token = ReservationToken.decode(r.attribute(ReservationToken.TYPE));
            StunMessage claimed = allocate(rtcp, udp().andThen(b -> b.add(ReservationToken.TYPE, ReservationToken.encode(token))));
            assertThat(TurnClient.relayed(claimed)).isEqualTo(new InetSocketAddress(TurnFixture.ip("::1"), even.getPort() + 1));
        }
    }

    @Test
    void badCombinationsAre400AndAnUnknownAdditionalFamily440() throws Exception {
        try (TurnClient c = turn.alice()) {
            var both = dual().andThen(b -> b.add(RequestedAddressFamily.TYPE, RequestedAddressFamily.encode(RequestedAddressFamily.IPV6)));
            assertThat(ErrorCode.code(allocate(c, both))).as("REQUESTED- and ADDITIONAL-ADDRESS-FAMILY").isEqualTo(400);
            assertThat(ErrorCode.code(allocate(c, udp().andThen(b -> b.add(AdditionalAddressFamily.TYPE,
                    AdditionalAddressFamily.encode(RequestedAddressFamily.IPV4)))))).as("additional IPv4").isEqualTo(400);
            assertThat(ErrorCode.code(allocate(c, udp().andThen(b -> b.add(AdditionalAddressFamily.TYPE, AdditionalAddressFamily.encode(7))))))
                    .as("unknown family").isEqualTo(440);
            assertThat(ErrorCode.code(allocate(c, dual().andThen(b -> b.add(EvenPort.TYPE, EvenPort.encode(true)))))).as("EVEN-PORT R").isEqualTo(400);
            assertThat(ErrorCode.code(allocate(c, dual().andThen(b -> b.add(ReservationToken.TYPE, ReservationToken.encode(1))))))
                    .as("RESERVATION-TOKEN").isEqualTo(400);
            assertThat(allocate(c, dual().andThen(b -> b.add(EvenPort.TYPE, EvenPort.encode(false)))).type().messageClass())
                    .as("EVEN-PORT without R is fine").isEqualTo(MessageClass.SUCCESS);
        }
    }

    @Test
    void refreshingOneFamilyWithLifetimeZeroReleasesItsRelayAndKeepsTheOther() throws Exception {
        try (TurnClient c = turn.alice(); DatagramSocket peer4 = peer("127.0.0.1"); DatagramSocket peer6 = peer("::1")) {
            List<InetSocketAddress> relayed = TurnClient.allRelayed(allocate(c, dual()));
            c.channelBind(0x4000, address(peer4));
            c.channelBind(0x4001, address(peer6));
            StunMessage dropped = c.request(MessageType.REFRESH, b -> b.add(Lifetime.TYPE, Lifetime.encode(0))
                    .add(RequestedAddressFamily.TYPE, RequestedAddressFamily.encode(RequestedAddressFamily.IPV6)));
            assertThat(dropped.type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            assertPortFreed(relayed.get(1));
            c.channelData(0x4001, bytes("gone"));
            assertThat(receiveOrNull(peer6)).isNull();
            assertThat(ErrorCode.code(c.createPermission(address(peer6)))).as("no IPv6 relay any more").isEqualTo(443);
            c.channelData(0x4000, bytes("still"));
            assertThat(text(receive(peer4))).isEqualTo("still");
            assertThat(ErrorCode.code(c.request(MessageType.REFRESH, b -> b.add(RequestedAddressFamily.TYPE,
                    RequestedAddressFamily.encode(RequestedAddressFamily.IPV6))))).isEqualTo(443);
            assertThat(c.request(MessageType.REFRESH, b -> b.add(RequestedAddressFamily.TYPE,
                    RequestedAddressFamily.encode(RequestedAddressFamily.IPV4))).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
        }
    }

    @Test
    void deletionAndExpiryReleaseBothRelays() throws Exception {
        try (TurnClient deleted = turn.alice(); TurnClient expiring = turn.alice()) {
            List<InetSocketAddress> first = TurnClient.allRelayed(allocate(deleted, dual()));
            deleted.request(MessageType.REFRESH, b -> b.add(Lifetime.TYPE, Lifetime.encode(0)));
            for (InetSocketAddress a : first) assertPortFreed(a);

            List<InetSocketAddress> second = TurnClient.allRelayed(allocate(expiring, dual()));
            assertThat(second).hasSize(2);
            turn.clock.advance(TurnConfig.DEFAULT_LIFETIME.plusSeconds(1));
            turn.server.engine().sweep();
            for (InetSocketAddress a : second) assertPortFreed(a);
            assertThat(ErrorCode.code(expiring.request(MessageType.REFRESH, b -> {}))).as("expired").isEqualTo(437);
        }
    }

    @Test
    void aDualAllocationIsOneAllocationForThePerAddressAndPerUserQuotas() throws Exception {
        assertTwoAllowedAndADualCountsOnce(b -> b.maxAllocations(100, 100).maxAllocationsPerAddress(2), 508);
        assertTwoAllowedAndADualCountsOnce(b -> b.maxAllocations(100, 2), 486);
    }

    private static void assertTwoAllowedAndADualCountsOnce(java.util.function.UnaryOperator<TurnConfig.Builder> quota, int refusal) throws Exception {
        try (TurnFixture two = TurnFixture.start(b -> quota.apply(b.relayIPv6(TurnFixture.ip("::1"), null)), dualStackListeners());
                TurnClient dual = two.alice(); TurnClient single = two.alice(); TurnClient third = two.alice()) {
            assertThat(TurnClient.allRelayed(allocate(dual, dual()))).as("two relayed addresses").hasSize(2);
            assertThat(allocate(single, udp()).type().messageClass()).as("the second allocation of two").isEqualTo(MessageClass.SUCCESS);
            assertThat(ErrorCode.code(allocate(third, dual()))).as("a third is over the quota").isEqualTo(refusal);

            dual.request(MessageType.REFRESH, b -> b.add(Lifetime.TYPE, Lifetime.encode(0)));
            assertThat(TurnClient.allRelayed(allocate(third, dual()))).as("deleting the dual allocation gives back its one place")
                    .hasSize(2);
        }
    }

    /** The relay socket at {@code a} is closed: the port can be bound again (the close runs on the event loop, so wait a little). */
    private static void assertPortFreed(InetSocketAddress a) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (true) {
            try (DatagramSocket s = new DatagramSocket(a)) {
                return;
            } catch (java.net.BindException e) {
                if (System.nanoTime() > deadline) throw new AssertionError("relay port still bound: " + a, e);
                Thread.sleep(20);
            }
        }
    }

    private static String channelPayload(byte[] channelData, int channel) {
        assertThat(channelData).as("ChannelData arrived").isNotNull();
        assertThat(((channelData[0] & 0xFF) << 8) | (channelData[1] & 0xFF)).isEqualTo(channel);
        int length = ((channelData[2] & 0xFF) << 8) | (channelData[3] & 0xFF);
        return new String(Arrays.copyOfRange(channelData, 4, 4 + length));
    }
}
