package dev.parley.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.Payload;
import dev.parley.server.socketio.EnginePackets.BadPacket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Engine.IO payloads and Socket.IO packets, as text. */
class PacketsTest {
    @Test
    void revision3PayloadsCountUtf16Units() throws Exception {
        // The protocol's own example: "€" is one unit, so "4€" is 2 (its UTF-8 is 4 bytes).
        assertThat(EnginePackets.decodePayload(3, "6:4hello2:4€")).containsExactly("4hello", "4€");
        assertThat(EnginePackets.encodePayload(3, List.of("4hello", "4€"))).isEqualTo("6:4hello2:4€");
        assertThat(EnginePackets.encodePayload(3, List.of("4\uD83D\uDE00"))).as("a surrogate pair is two units").isEqualTo("3:4\uD83D\uDE00");
        assertThat(EnginePackets.decodePayload(3, "0:1:2")).as("empty packets are skipped, as Engine.IO does").containsExactly("2");
        for (String bad : List.of("", "6:4hell", ":2", "a:2", "1:2x", "1234567890:2", "2:b4", "1:9")) {
            assertThatThrownBy(() -> EnginePackets.decodePayload(3, bad)).as(bad).isInstanceOf(BadPacket.class);
        }
    }

    @Test
    void revision4PayloadsAreSeparatedByRecordSeparators() throws Exception {
        assertThat(EnginePackets.decodePayload(4, "4hello\u001e2\u001e4world")).containsExactly("4hello", "2", "4world");
        assertThat(EnginePackets.encodePayload(4, List.of("4hello", "2", "4world"))).isEqualTo("4hello\u001e2\u001e4world");
        assertThat(EnginePackets.decodePayload(4, "40")).containsExactly("40");
        for (String bad : List.of("", "4a\u001e", "\u001e2", "bAQIDBA==", "7", "x")) {
            assertThatThrownBy(() -> EnginePackets.decodePayload(4, bad)).as(bad).isInstanceOf(BadPacket.class);
        }
        assertThatThrownBy(() -> EnginePackets.check("bAQID")).isInstanceOfSatisfying(BadPacket.class, e -> assertThat(e.binary).isTrue());
    }

    @Test
    void socketIoHeadersAreReadAsSocketIoParserDoes() throws Exception {
        assertThat(SocketPackets.parse("0")).isEqualTo(new SocketPackets.Packet('0', "/", ""));
        assertThat(SocketPackets.parse("0{\"token\":\"1\"}")).isEqualTo(new SocketPackets.Packet('0', "/", "{\"token\":\"1\"}"));
        assertThat(SocketPackets.parse("0/admin,")).isEqualTo(new SocketPackets.Packet('0', "/admin", ""));
        assertThat(SocketPackets.parse("0/admin")).isEqualTo(new SocketPackets.Packet('0', "/admin", ""));
        assertThat(SocketPackets.parse("0/admin?x=1,")).isEqualTo(new SocketPackets.Packet('0', "/admin", ""));
        assertThat(SocketPackets.parse("2/admin,456[\"a\"]")).isEqualTo(new SocketPackets.Packet('2', "/admin", "[\"a\"]"));
        assertThat(SocketPackets.parse("212[\"a\"]")).isEqualTo(new SocketPackets.Packet('2', "/", "[\"a\"]"));
        assertThat(SocketPackets.parse("1")).isEqualTo(new SocketPackets.Packet('1', "/", ""));
        assertThat(SocketPackets.parse("2/,[\"a\"]")).as("an explicit \"/\"").isEqualTo(new SocketPackets.Packet('2', "/", "[\"a\"]"));
        for (String bad : List.of("", "7", "x", "2/a b,[1]", "21234567890123456[\"a\"]")) {
            assertThatThrownBy(() -> SocketPackets.parse(bad)).as(bad).isInstanceOf(BadPacket.class);
        }
        assertThatThrownBy(() -> SocketPackets.parse("51-[\"a\",{\"_placeholder\":true,\"num\":0}]"))
                .isInstanceOfSatisfying(BadPacket.class, e -> assertThat(e.binary).isTrue());
    }

    @Test
    void eventArgumentsAreTheExactTextTheClientSent() throws Exception {
        var e = SocketPackets.event("[ \"message\" , \"r1\",1.50 ,-0, 1e3,{\"a\": [1, {\"b\":null}]},[],\"\\u00e9\\\"\",true,false,null ]");
        assertThat(e.name()).isEqualTo("message");
        assertThat(e.args()).extracting(Payload::json).containsExactly("\"r1\"", "1.50", "-0", "1e3", "{\"a\": [1, {\"b\":null}]}", "[]",
                "\"\\u00e9\\\"\"", "true", "false", "null");
        assertThat(SocketPackets.event("[\"join\"]").args()).isEmpty();
        assertThat(SocketPackets.event("[\"€ \uD83D\uDE00\",\"€\"]").args()).extracting(Payload::json).containsExactly("\"€\"");
        for (String bad : List.of("", "[]", "[1]", "{\"a\":1}", "[\"a\"", "[\"a\",]", "[\"a\"] x", "[\"a\",\"\\x\"]",
                "[\"a\",{\"k\":1,\"k\":2}]", // a key twice: relayed, it would be refused by every Parley client
                "[\"a\"," + "[".repeat(40) + "]".repeat(40) + "]")) {
            assertThatThrownBy(() -> SocketPackets.event(bad)).as(bad).isInstanceOf(BadPacket.class);
        }
    }

    @Test
    void connectAuthIsAnObjectOrNothing() throws Exception {
        assertThat(SocketPackets.connectAuth("")).isNull();
        assertThat(SocketPackets.connectAuth("{ \"token\" : \"abc\" }").json()).isEqualTo("{ \"token\" : \"abc\" }");
        for (String bad : List.of("[1]", "\"t\"", "{\"a\":1}x", "{")) {
            assertThatThrownBy(() -> SocketPackets.connectAuth(bad)).as(bad).isInstanceOf(BadPacket.class);
        }
    }

    @Test
    void whatTheServerSendsIsEncodedPerRevision() {
        assertThat(SocketPackets.eventMessage("joined", List.of(new Payload("\"room\""), new Payload("12"))))
                .isEqualTo("42[\"joined\",\"room\",12]");
        assertThat(SocketPackets.eventMessage("a\"b\u2028", List.of())).isEqualTo("42[\"a\\\"b\u2028\"]");
        assertThat(SocketPackets.connectReply("x")).isEqualTo("40{\"sid\":\"x\"}");
        assertThat(SocketPackets.connectError(4, "/", "Not \"authorized\"")).isEqualTo("44{\"message\":\"Not \\\"authorized\\\"\"}");
        assertThat(SocketPackets.connectError(3, "/", "Not authorized")).isEqualTo("44\"Not authorized\"");
        assertThat(SocketPackets.connectError(4, "/admin", "Invalid namespace")).isEqualTo("44/admin,{\"message\":\"Invalid namespace\"}");
        assertThat(SocketPackets.connectError(3, "/admin", "Invalid namespace")).isEqualTo("44/admin,\"Invalid namespace\"");
        assertThat(SessionTransport.utf8Length("a€\uD83D\uDE00é")).isEqualTo(1 + 3 + 4 + 2);
    }
}
