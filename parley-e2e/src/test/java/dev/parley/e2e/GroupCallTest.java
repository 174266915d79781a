package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.parley.server.ServerConfig;
import dev.parley.core.SignalingConfig;
import java.util.List;
import java.util.Map;
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
                out[m.name] = bytes;
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
        List<Person> people = trio("trio");
        Person ann = people.get(0);
        Person ben = people.get(1);
        Person cy = people.get(2);
        assertVideoFromEachOther(ann, List.of("ben", "cy"));
        assertVideoFromEachOther(ben, List.of("ann", "cy"));
        assertVideoFromEachOther(cy, List.of("ann", "ben"));
        ann.screenshot("group-call");
        // Three in a room for three: nobody is offered an invitation; the header counts the others.
        for (Person p : List.of(ann, ben, cy)) {
            p.waitFor("() => document.getElementById('connection').textContent.startsWith('in a call with 2 others')");
            assertThat(p.page().isHidden("#share")).as(p.label + "'s invitation in a full room").isTrue();
        }

        // ann mutes: both others show it on her tile.
        ann.page().click("#mic");
        for (Person p : List.of(ben, cy)) p.waitFor("() => [...document.querySelectorAll('#tiles .tile')].some(t => t.textContent.includes('ann is muted'))");

        // Chat goes to everyone, and counts as delivered once both have it.
        ben.page().fill("#chat-text", "hi both");
        ben.page().click("#chat-send");
        for (Person p : List.of(ann, cy)) p.waitFor("() => [...document.querySelectorAll('#messages li.theirs')].some(li => li.textContent === 'ben: hi both')");
        ben.waitFor("() => document.querySelector('#messages li.mine')?.dataset.delivered === 'true'");

        // cy leaves: the two left keep their call, with one tile each.
        cy.page().click("#hangup");
        for (Person p : List.of(ann, ben)) p.waitFor("() => document.querySelectorAll('#tiles .tile').length === 1");
        // A seat is free again: the invitation is back.
        for (Person p : List.of(ann, ben)) {
            p.waitFor("() => !document.getElementById('share').hidden && document.getElementById('connection').textContent.startsWith('in a call with 1 other')");
        }
        assertVideoFromEachOther(ann, List.of("ben"));
        assertVideoFromEachOther(ben, List.of("ann"));
    }

    /** The three meet in a room and see each other's video on every tile. */
    private List<Person> trio(String room) {
        List<Person> people = List.of(person("ann"), person("ben"), person("cy"));
        for (Person p : people) {
            p.joinRoom(room);
            if (p == people.get(0)) p.awaitCallState("waiting");
        }
        for (Person p : people) {
            p.waitFor("() => document.querySelectorAll('#tiles .tile').length === 2"
                    + " && [...document.querySelectorAll('#tiles video')].every(v => v.videoWidth > 0)");
        }
        return people;
    }

    @Test
    void aGroupSharesFilesScreenAndQualityAndIsRecorded() {
        List<Person> people = trio("trio-plus");
        Person ann = people.get(0);
        Person ben = people.get(1);
        Person cy = people.get(2);

        // Quality per tile, from each link's own statistics: a direct path on loopback, video coming in.
        ann.waitFor("() => [...document.querySelectorAll('#tiles .tile .quality-line')].filter(l => l.dataset.path === 'direct' && Number(l.dataset.inKbps) > 30).length === 2");
        assertVideoFromEachOther(ann, List.of("ben", "cy"));

        // A file goes to each member over their own link, and arrives intact at both.
        String sent = (String) ann.page().evaluate("""
                async () => {
                  const bytes = new Uint8Array(2 * 1024 * 1024 + 777);
                  for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
                  window.sent = window.parleyApp.sendFile(new Blob([bytes]), 'notes.bin');
                  const hex = b => Array.from(new Uint8Array(b), x => x.toString(16).padStart(2, '0')).join('');
                  return hex(await crypto.subtle.digest('SHA-256', bytes));
                }""");
        for (Person p : List.of(ben, cy)) {
            p.waitFor("() => document.querySelector('#transfers li')?.dataset.state === 'done'", null);
            Object received = p.page().evaluate("""
                    async () => {
                      const t = [...window.parleyApp.call.members.values()].flatMap(m => [...m.link.data.transfers.values()])[0];
                      const hex = b => Array.from(new Uint8Array(b), x => x.toString(16).padStart(2, '0')).join('');
                      return hex(await crypto.subtle.digest('SHA-256', await t.blob.arrayBuffer()));
                    }""");
            assertThat(received).as(p.label + " has the same bytes").isEqualTo(sent);
            assertThat(p.page().textContent("#transfers li")).contains("Received notes.bin", "from ann", "checked");
        }
        ann.waitFor("() => [...document.querySelectorAll('#transfers li')].filter(li => li.dataset.state === 'done').length === 2");
        assertThat(ann.page().locator("#transfers li").allTextContents())
                .anySatisfy(t -> assertThat(t).contains("Sent notes.bin", "to ben", "checked"))
                .anySatisfy(t -> assertThat(t).contains("Sent notes.bin", "to cy", "checked"));

        // ben shares his screen beside his camera: both others get a tile of its own, with moving pictures.
        ben.page().click("#screen");
        for (Person p : List.of(ann, cy)) {
            p.waitFor("() => [...document.querySelectorAll('#tiles .tile.screen video')].some(v => v.videoWidth === 960)"
                    + " && document.querySelectorAll('#tiles .tile:not(.screen)').length === 2");
            long frames = ((Number) p.page().evaluate("() => document.querySelector('#tiles .tile.screen video').getVideoPlaybackQuality().totalVideoFrames")).longValue();
            p.page().waitForTimeout(1_000);
            assertThat(((Number) p.page().evaluate("() => document.querySelector('#tiles .tile.screen video').getVideoPlaybackQuality().totalVideoFrames")).longValue())
                    .as(p.label + " sees ben's screen move").isGreaterThan(frames);
            assertThat(p.page().textContent("#tiles .tile.screen figcaption")).isEqualTo("ben's screen");
        }
        ann.screenshot("group-screen-shared");

        // ann records: both cameras and ben's screen on one canvas, everyone's voice mixed.
        ann.page().click("#record");
        ann.page().waitForTimeout(3_000);
        ann.page().click("#record");
        ann.waitFor("() => document.querySelector('#recording a') !== null", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> played = (Map<String, Object>) ann.page().evaluate("""
                async () => {
                  const v = document.createElement('video');
                  v.muted = true;
                  v.src = document.querySelector('#recording a').href;
                  await new Promise((ok, fail) => { v.onloadeddata = ok; v.onerror = () => fail(new Error('cannot play: ' + v.error?.code + ' ' + v.error?.message
                      + ' (' + document.querySelector('#recording a').textContent + ')')); });
                  await v.play();
                  const c = document.createElement('canvas');
                  c.width = v.videoWidth;
                  c.height = v.videoHeight;
                  const g = c.getContext('2d');
                  // The grid is 2 × 2 for three videos: the middle of each of the three cells in use, at
                  // its brightest over the first three seconds (a busy machine may start it dark).
                  const cells = [[0.25, 0.25], [0.75, 0.25], [0.25, 0.75]];
                  const lit = cells.map(() => 0);
                  for (let i = 0; i < 12 && lit.some(l => l <= 30); i++) {
                    await new Promise(ok => setTimeout(ok, 250));
                    g.drawImage(v, 0, 0);
                    cells.forEach(([x, y], k) => {
                      const [r, gr, b] = g.getImageData(Math.round(x * c.width), Math.round(y * c.height), 1, 1).data;
                      lit[k] = Math.max(lit[k], 0.299 * r + 0.587 * gr + 0.114 * b);
                    });
                  }
                  await new Promise(ok => setTimeout(ok, 250));
                  return { width: v.videoWidth, height: v.videoHeight, lit, audioBytes: v.webkitAudioDecodedByteCount,
                           duration: v.duration, at: v.currentTime, frames: v.webkitDecodedFrameCount };
                }""");
        assertThat(played).as("the recording as played back: " + played).containsEntry("width", 1280).containsEntry("height", 720);
        assertThat((List<Number>) played.get("lit")).as("a picture in each cell in use: " + played).allSatisfy(l -> assertThat(l.doubleValue()).isGreaterThan(30));
        assertThat(((Number) played.get("audioBytes")).longValue()).as("sound decoded").isPositive();

        // cy leaves and comes back while ben shares: the new links carry the screen from the start.
        cy.page().click("#hangup");
        ann.waitFor("() => document.querySelectorAll('#tiles .tile:not(.screen)').length === 1");
        cy.joinRoom("trio-plus");
        cy.waitFor("() => [...document.querySelectorAll('#tiles .tile.screen video')].some(v => v.videoWidth === 960)"
                + " && [...document.querySelectorAll('#tiles .tile:not(.screen) video')].filter(v => v.videoWidth > 0).length === 2");

        // ben stops sharing: the screen tiles go, the cameras stay.
        ben.page().click("#screen");
        for (Person p : List.of(ann, cy)) {
            p.waitFor("() => document.querySelectorAll('#tiles .tile.screen').length === 0 && document.querySelectorAll('#tiles .tile').length === 2");
        }
        assertVideoFromEachOther(cy, List.of("ann", "ben"));
    }
}
