// Chromium <-> Firefox calls through Parley's web app, checked by what WebRTC itself reports on
// both sides: rooms and direct calls each way, chat and files, mute and camera, a relay-only call,
// a group of three. Run by ./run.sh (it makes the network namespace these need).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchFirefox, Person, meet, log, sleep, useStage } from '../lib/stage.mjs';
import { assertMediaFlowing, assertBothWays, heardEnergy, luminance } from '../lib/checks.mjs';

const stage = useStage();
const { people, open } = stage;
const T = { timeout: 90_000 }; // per test; the file as a whole has none

for (const [first, second] of [['chromium', 'firefox'], ['firefox', 'chromium']]) {
  test(`room call: ${first} waits, ${second} joins and offers; both see and hear each other`, T, async () => {
    const browsers = { chromium: stage.chromium, firefox: stage.firefox };
    const alice = await open(browsers[first], `alice(${first})`);
    const bob = await open(browsers[second], `bob(${second})`);
    await meet(alice, bob, `room-${first}`);
    await assertBothWays(alice, bob);
    for (const p of [alice, bob]) log(p.label, 'path', JSON.stringify(await p.selectedPath()));
    await alice.screenshot(`cross-browser-room-${first}-waits-alice`);
    await bob.screenshot(`cross-browser-room-${first}-waits-bob`);
    // Hanging up tells the other side, which waits again.
    await alice.click('#hangup');
    await bob.waitFor(() => document.getElementById('notice-text').textContent.includes('left the call'));
    await bob.awaitCallState('waiting');
  });
}

for (const [caller, callee] of [['firefox', 'chromium'], ['chromium', 'firefox']]) {
  test(`direct call: ${caller} rings ${callee}, who accepts; media both ways; hang-up seen`, T, async () => {
    const browsers = { chromium: stage.chromium, firefox: stage.firefox };
    const a = await open(browsers[caller], `${caller}Caller`);
    const b = await open(browsers[callee], `${callee}Callee`);
    const started = performance.now();
    await a.goOnline(a.label);
    await b.goOnline(b.label);
    await a.call(b.label);
    await b.waitFor(() => document.getElementById('incoming').open);
    assert.equal(await b.eval(() => document.getElementById('caller').textContent), a.label);
    await b.click('#accept');
    await Promise.all([a.awaitConnectedWithVideo(), b.awaitConnectedWithVideo()]);
    log(`direct call up in ${Math.round(performance.now() - started)} ms`);
    await assertMediaFlowing(a);
    await assertMediaFlowing(b);
    await b.click('#hangup');
    await a.waitFor(() => document.getElementById('notice-text').textContent === 'The other person hung up.');
  });
}

test('chat and files both ways, Chromium <-> Firefox', T, async () => {
  const alice = await open(stage.chromium, 'alice(chromium)');
  const bob = await open(stage.firefox, 'bob(firefox)');
  await meet(alice, bob, 'chat-room');
  for (const p of [alice, bob]) await p.waitFor(() => window.parleyApp.call?.remoteState != null);
  // Chromium sends with the Send button, Firefox with Enter. (Firefox's message by a click on Send,
  // right after typing it, was once in about a hundred calls on a loaded machine not sent: the text
  // stayed in the box and no submit event came. Not reproduced with the page's events logged.)
  const sends = [[alice, bob, 'Hello Bob 👋 — from Chromium', () => alice.click('#chat-send')],
    [bob, alice, 'Loud and clear — from Firefox', () => bob.page.keyboard.press('Enter')]];
  for (const [from, to, text, send] of sends) {
    await from.fill('#chat-text', text);
    await send();
    await from.waitFor(t => [...document.querySelectorAll('#messages li.mine')].some(li => li.firstChild.textContent === t)
      && document.getElementById('chat-text').value === '', text);
    await to.waitFor(t => [...document.querySelectorAll('#messages li.theirs')].some(li => li.textContent === t), text);
    await from.waitFor(() => [...document.querySelectorAll('#messages li.mine')].at(-1)?.dataset.delivered === 'true');
  }
  // 3 MiB of random bytes each way, digested on both sides with Web Crypto.
  for (const [from, to] of [[alice, bob], [bob, alice]]) {
    const started = performance.now();
    const sent = await from.eval(async () => {
      const bytes = new Uint8Array(3 * 1024 * 1024 + 4321);
      for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
      const hex = b => Array.from(new Uint8Array(b), x => x.toString(16).padStart(2, '0')).join('');
      window.sent = window.parleyApp.sendFile(new Blob([bytes]), 'random.bin');
      return hex(await crypto.subtle.digest('SHA-256', bytes));
    });
    await to.waitFor(() => document.querySelector('#transfers li:last-child')?.dataset.state === 'done', undefined, 30_000);
    await from.waitFor(() => document.querySelector('#transfers li:last-child')?.dataset.state === 'done', undefined, 30_000);
    const got = await to.eval(async () => {
      const t = [...window.parleyApp.call.link.data.transfers.values()].filter(t => t.direction === 'in').at(-1);
      const buffer = await t.blob.arrayBuffer();
      const hex = b => Array.from(new Uint8Array(b), x => x.toString(16).padStart(2, '0')).join('');
      return { size: buffer.byteLength, sha256: hex(await crypto.subtle.digest('SHA-256', buffer)) };
    });
    assert.deepEqual(got, { size: 3 * 1024 * 1024 + 4321, sha256: sent });
    assert.equal(await from.eval(() => window.sent.sha256), sent, 'the streamed SHA-256 matches Web Crypto');
    log(`${from.label} -> ${to.label}: 3 MiB in ${Math.round(performance.now() - started)} ms`);
  }
});

test('mute and camera off are seen (and heard) on the far side, both directions', T, async () => {
  const alice = await open(stage.chromium, 'alice(chromium)');
  const bob = await open(stage.firefox, 'bob(firefox)');
  await meet(alice, bob, 'mute-room');
  for (const p of [alice, bob]) await p.waitFor(() => window.parleyApp.call?.remoteState != null);
  for (const [talker, listener] of [[alice, bob], [bob, alice]]) {
    const speaking = await heardEnergy(listener, 0.001);
    assert.ok(speaking > 0.001, `${listener.label} hears ${talker.label}: ${speaking}`);
    await talker.click('#mic');
    await listener.waitFor(() => !document.getElementById('remote-muted').hidden);
    await sleep(500);
    const muted = await listener.energyOver(2000);
    log(`${listener.label}: energy ${speaking.toFixed(5)} speaking, ${muted.toFixed(6)} muted`);
    assert.ok(muted < speaking / 20, `silence once ${talker.label} muted: ${muted} vs ${speaking}`);
    await talker.click('#mic');
    await listener.waitFor(() => document.getElementById('remote-muted').hidden);
    const again = await heardEnergy(listener, speaking / 4);
    assert.ok(again > speaking / 4, `sound again: ${again}`);

    const picture = await luminance(listener);
    await talker.click('#cam');
    await listener.waitFor(() => !document.getElementById('remote-cam-off').hidden);
    // Black frames follow within a second or so; Firefox's first one has come as late as 3 s.
    let dark = Infinity;
    for (let i = 0; i < 10 && !(dark < 5); i++) { await sleep(500); dark = await luminance(listener); }
    log(`${listener.label}: luminance ${picture.toFixed(1)} camera on, ${dark.toFixed(1)} off`);
    assert.ok(picture > 20 && dark < 5, `black frames once the camera is off: ${picture} -> ${dark}`);
    await talker.click('#cam');
    await listener.waitFor(() => document.getElementById('remote-cam-off').hidden);
  }
});

test('relay only (?relay=1): Chromium <-> Firefox through Parley\'s TURN', T, async () => {
  const relayed = async () => {
    const text = await (await fetch(`${stage.server.url}metrics`)).text();
    return text.split('\n').filter(l => l.startsWith('parley_turn_relayed_bytes')).reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
  };
  const relayedBefore = await relayed();
  const alice = await open(stage.chromium, 'alice(chromium)', '?relay=1');
  const bob = await open(stage.firefox, 'bob(firefox)', '?relay=1');
  await meet(alice, bob, 'relay-room');
  await assertMediaFlowing(alice);
  await assertMediaFlowing(bob);
  for (const p of [alice, bob]) {
    const path = await p.selectedPath();
    log(p.label, 'relay path', JSON.stringify(path));
    assert.equal(path.localType, 'relay', `${p.label} local candidate`);
    // Firefox reports the far side's relayed address as peer-reflexive (its checks arrived before the
    // candidate did); it is the relay address all the same, and the local side is relayed on both.
    assert.ok(['relay', 'prflx'].includes(path.remoteType), `${p.label} remote candidate ${path.remoteType}`);
    assert.ok(path.local.startsWith('127.0.0.1:'), path.local);
    await p.waitFor(() => document.getElementById('quality').dataset.path === 'relay');
    log(p.label, 'quality line:', await p.eval(() => document.getElementById('quality-text').textContent));
  }
  const bytes = await relayed() - relayedBefore;
  log(`parley_turn_relayed_bytes grew by ${bytes}`);
  assert.ok(bytes > 100_000, `the media crossed Parley's relay: ${bytes} bytes`);
});

test('a group call (room of three, full mesh): two Chromium people and one Firefox', { timeout: 180_000 }, async () => {
  const group = await startServer({ httpPort: 8081, turnPort: 3479, args: ['--room-capacity', '3'] });
  try {
    const trio = [];
    for (const [browser, name] of [[stage.chromium, 'ann'], [stage.firefox, 'ben'], [stage.chromium, 'cy']]) {
      const p = await Person.open(browser, `${name}(${browser === stage.firefox ? 'firefox' : 'chromium'})`, group.url);
      people.push(p);
      await p.fill('#name', name);
      await p.joinRoom('trio');
      trio.push([p, name]);
    }
    const started = performance.now();
    for (const [p] of trio) await p.waitFor(() => document.querySelectorAll('#tiles .tile').length === 2 && [...document.querySelectorAll('#tiles video')].every(v => v.videoWidth > 0));
    log(`group: every tile has video ${Math.round(performance.now() - started)} ms after the third join`);
    const received = p => p.eval(async () => {
      const out = {};
      for (const m of window.parleyApp.call.members.values()) {
        let video = 0, audio = 0;
        (await m.link.pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp') { if (s.kind === 'video') video += s.bytesReceived; else audio += s.bytesReceived; } });
        out[m.name] = { video, audio };
      }
      return out;
    });
    for (const [p, name] of trio) {
      const a = await received(p);
      await sleep(1000);
      const b = await received(p);
      const others = trio.map(([, n]) => n).filter(n => n !== name);
      assert.deepEqual(Object.keys(b).sort(), others);
      for (const o of others) assert.ok(b[o].video > a[o].video && b[o].audio > a[o].audio, `${p.label} receives from ${o}`);
    }
    const [ann, ben, cy] = trio.map(([p]) => p);
    await ben.click('#mic');
    for (const p of [ann, cy]) await p.waitFor(() => [...document.querySelectorAll('#tiles .tile')].some(t => t.textContent.includes('ben is muted')));
    await ben.fill('#chat-text', 'hi both, from Firefox');
    await ben.click('#chat-send');
    for (const p of [ann, cy]) await p.waitFor(() => [...document.querySelectorAll('#messages li.theirs')].some(li => li.textContent === 'ben: hi both, from Firefox'));
    await ben.waitFor(() => document.querySelector('#messages li.mine')?.dataset.delivered === 'true');
    await ann.screenshot('cross-browser-group-ann');
    await ben.screenshot('cross-browser-group-ben-firefox');
  } finally {
    for (const p of people.splice(0)) await p.close();
    await group.stop();
  }
});
