package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.parley.server.ServerConfig;
import dev.parley.server.core.SignalingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Three browsers in a room for three: a full mesh, one tile per person, media on every link. */
class GroupCallTest {
    @RegisterExtension
    static final Stage.Extension stage = Stage.extension(roomsForThree(), List.of());

    private static ServerConfig roomsForThree() {
        ServerConfig config = ServerConfig.loopback(0);
        SignalingConfig d = config.signaling();
        return config.withSignaling(new SignalingConfig(3, d.maxRoomsPerSession(), d.callTimeout(), d.maxFrameBytes(),
                d.iceServers(), d.guards(), d.resume()));
    }

    private Person person(String name) {
        Person p = stage.get().person(name);
        p.page().fill("#name", name);
        return p;
    }

    /** Video bytes received from each member, by name. */
    private static final String RECEIVED = """
            async () => {
              const out = {};
              for (const m of window.parleyApp.call.members.values()) {
                let bytes = 0;
                (await m.link.pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') bytes += s.bytesReceived; });
                out[m.peer.name] = bytes;
              }
              return out;
            }""";

    @SuppressWarnings("unchecked")
    private static void assertVideoFromEachOther(Person p, List<String> others) {
        var before = (java.util.Map<String, Number>) p.page().evaluate(RECEIVED);
        p.page().waitForTimeout(1_000);
        var after = (java.util.Map<String, Number>) p.page().evaluate(RECEIVED);
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(others);
        for (String o : others) {
            assertThat(after.get(o).doubleValue()).as(p.label + " receives video from " + o).isGreaterThan(before.get(o).doubleValue());
        }
    }

    @Test
    void threePeopleSeeAndHearEachOtherInAFullMesh() {
        Person ann = person("ann");
        Person ben = person("ben");
        Person cy = person("cy");
        for (Person p : List.of(ann, ben, cy)) {
            p.joinRoom("trio");
            if (p == ann) p.awaitCallState("waiting");
        }
        for (Person p : List.of(ann, ben, cy)) {
            p.waitFor("() => document.querySelectorAll('#tiles .tile').length === 2"
                    + " && [...document.querySelectorAll('#tiles video')].every(v => v.videoWidth > 0)");
        }
        assertVideoFromEachOther(ann, List.of("ben", "cy"));
        assertVideoFromEachOther(ben, List.of("ann", "cy"));
        assertVideoFromEachOther(cy, List.of("ann", "ben"));
        ann.screenshot("group-call");

        // ann mutes: both others show it on her tile.
        ann.page().click("#mic");
        for (Person p : List.of(ben, cy)) p.waitFor("() => [...document.querySelectorAll('#tiles .tile')].some(t => t.textContent.includes('ann') && t.textContent.includes('Muted'))");

        // Chat goes to everyone, and counts as delivered once both have it.
        ben.page().fill("#chat-text", "hi both");
        ben.page().click("#chat-send");
        for (Person p : List.of(ann, cy)) p.waitFor("() => [...document.querySelectorAll('#messages li.theirs')].some(li => li.textContent === 'ben: hi both')");
        ben.waitFor("() => document.querySelector('#messages li.mine')?.dataset.delivered === 'true'");

        // cy leaves: the two left keep their call, with one tile each.
        cy.page().click("#hangup");
        for (Person p : List.of(ann, ben)) p.waitFor("() => document.querySelectorAll('#tiles .tile').length === 1");
        assertVideoFromEachOther(ann, List.of("ben"));
        assertVideoFromEachOther(ben, List.of("ann"));
    }
}
