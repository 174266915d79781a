// Perfect negotiation between two ends of the SDK (parley-link.js), each on its own fake engine,
// their signaling wired to each other: who offers first, a collision resolved by the polite side,
// candidates that overtake their description, and ICE that never starts restarted by the impolite
// side only. The conformance vectors script the other side; here both sides are the SDK.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { install, settle, discardTasks } from '../../conformance/fake-rtc.mjs';
import { FakeClock } from '../../conformance/fake-clock.mjs';
import { wireSignaling } from './wire.mjs';

install();
const { PeerLink } = await import('../sdk/parley-link.js');

let clock = null;
afterEach(() => {
  clock?.uninstall();
  clock = null;
  discardTasks();
});

/** Alice, impolite (she joined last and offers), and Bob, polite, talking through a wire. */
function pair() {
  const wire = wireSignaling();
  const alice = new PeerLink({ polite: false, iceServers: [], send: wire.send('alice', 'bob') });
  const bob = new PeerLink({ polite: true, iceServers: [], send: wire.send('bob', 'alice') });
  wire.attach('alice', alice);
  wire.attach('bob', bob);
  return { wire, alice, bob };
}

/** Both ends agree: stable, and each one's local description is the other's remote one. */
function assertAgreed(alice, bob) {
  assert.equal(alice.pc.signalingState, 'stable');
  assert.equal(bob.pc.signalingState, 'stable');
  assert.equal(alice.pc.currentLocalDescription.sdp, bob.pc.currentRemoteDescription.sdp);
  assert.equal(bob.pc.currentLocalDescription.sdp, alice.pc.currentRemoteDescription.sdp);
}

test('the impolite side offers; the polite one leaves the first offer to it and answers', async () => {
  const { wire, alice, bob } = pair();
  bob.pc._negotiationNeeded(); // Bob's tracks: he lets Alice offer first
  alice.pc._negotiationNeeded();
  await settle();
  assert.deepEqual(wire.sent.filter(m => m.description), [{ from: 'alice', description: 'offer' }, { from: 'bob', description: 'answer' }]);
  assertAgreed(alice, bob);
  assert.ok(!bob.pc.log.includes('rollback'));
});

test('offers that cross: the polite side rolls its own back and answers; the impolite one ignores the other', async () => {
  const { wire, alice, bob } = pair();
  alice.pc._negotiationNeeded();
  await settle();
  assertAgreed(alice, bob); // the first exchange: Bob may offer from now on
  wire.sent.length = 0;
  alice.pc._negotiationNeeded(); // both renegotiate at the same moment (a screen shared on each side)
  bob.pc._negotiationNeeded();
  await settle();
  assert.deepEqual(wire.sent.filter(m => m.description).map(m => `${m.from} ${m.description}`),
    ['alice offer', 'bob offer', 'bob answer']);
  assert.ok(bob.pc.log.includes('rollback'), 'Bob rolled his offer back');
  assert.ok(!alice.pc.log.includes('setRemoteDescription offer refused'));
  assertAgreed(alice, bob);
  // Bob's own change still needs its exchange: the engine asks again, and now he may offer.
  wire.sent.length = 0;
  bob.pc._negotiationNeeded();
  await settle();
  assert.deepEqual(wire.sent.filter(m => m.description).map(m => `${m.from} ${m.description}`), ['bob offer', 'alice answer']);
  assertAgreed(alice, bob);
});

test("candidates that overtake their description wait for it, and none is lost", async () => {
  const { alice, bob } = pair();
  alice.pc.candidateWhileDescribing = 'a1'; // Chrome reports it before setLocalDescription() returns
  alice.pc._negotiationNeeded();
  await settle();
  alice.pc._reportCandidate('a2');
  bob.pc._reportCandidate('b1');
  await settle();
  const added = pc => pc.log.filter(l => l.startsWith('addIceCandidate'));
  assert.deepEqual(added(bob.pc), ['addIceCandidate a1', 'addIceCandidate a2']);
  assert.deepEqual(added(alice.pc), ['addIceCandidate b1']);
  const applied = bob.pc.log.indexOf('setRemoteDescription offer');
  assert.ok(applied >= 0 && applied < bob.pc.log.indexOf('addIceCandidate a1'), 'the offer before its candidate');
});

test('ICE that has not started 3 s after an exchange is restarted, by the impolite side only', async () => {
  clock = new FakeClock();
  clock.install();
  const { alice, bob } = pair();
  alice.pc._negotiationNeeded();
  await settle();
  assertAgreed(alice, bob);
  await clock.advance(2999, settle);
  assert.ok(!alice.pc.log.includes('restartIce'), 'not before 3 s');
  await clock.advance(1, settle);
  assert.ok(alice.pc.log.includes('restartIce'), 'Alice restarts it');
  assert.ok(!bob.pc.log.includes('restartIce'), 'Bob leaves it to her');
});

test('the side answering an offer reports the tracks it brings once its answer is sent, not while it answers', async () => {
  const { wire, alice, bob } = pair();
  const order = [];
  const setRemote = bob.pc.setRemoteDescription.bind(bob.pc);
  bob.pc.setRemoteDescription = async d => { // the engine reports the offer's tracks while it is set
    await setRemote(d);
    if (d.type === 'offer') bob.pc.ontrack({ track: { kind: 'video', id: 'alice-cam' }, streams: [new MediaStream()] });
  };
  bob.addEventListener('remote', () => order.push(`remote after ${wire.sent.filter(m => m.description).map(m => m.description).join(', ')}`));
  alice.pc._negotiationNeeded();
  await settle();
  assert.deepEqual(order, ['remote after offer, answer'], 'reported once, after the answer left');
  assert.deepEqual(bob.remoteStream.getTracks().map(t => t.id), ['alice-cam']);
});

test('a link closed while it answers reports none of the tracks the offer brought', async () => {
  const { alice, bob } = pair();
  const setRemote = bob.pc.setRemoteDescription.bind(bob.pc);
  bob.pc.setRemoteDescription = async d => {
    await setRemote(d);
    bob.pc.ontrack({ track: { kind: 'video', id: 'alice-cam', stop() {} }, streams: [new MediaStream()] });
    bob.close(); // the peer left meanwhile
  };
  let reported = 0;
  bob.addEventListener('remote', () => reported++);
  alice.pc._negotiationNeeded();
  await settle();
  assert.equal(reported, 0);
});

/** Makes `link`'s engine report a track from the other side while it sets each answer (as browsers do): `next()` gives it. */
function tracksWithAnswers(link, next) {
  const setRemote = link.pc.setRemoteDescription.bind(link.pc);
  link.pc.setRemoteDescription = async d => {
    await setRemote(d);
    if (d.type === 'answer') link.pc.ontrack(next());
  };
}

test('the side that offered reports the tracks the answer brings once ICE connects, not while the connection is made', async () => {
  const { alice, bob } = pair();
  tracksWithAnswers(alice, () => ({ track: { kind: 'video', id: 'bob-cam' }, streams: [new MediaStream()] }));
  let reported = 0;
  alice.addEventListener('remote', () => reported++);
  alice.pc._negotiationNeeded();
  await settle();
  assert.equal(alice.pc.signalingState, 'stable');
  assert.equal(reported, 0, 'not while ICE checks');
  alice.pc._ice('checking');
  assert.equal(reported, 0);
  alice.pc._ice('connected');
  assert.equal(reported, 1);
  assert.deepEqual(alice.remoteStream.getTracks().map(t => t.id), ['bob-cam']);
  assert.equal(bob.pc.signalingState, 'stable');
});

test('tracks held for ICE are reported anyway if it takes long to connect', async () => {
  clock = new FakeClock();
  clock.install();
  const { alice } = pair();
  tracksWithAnswers(alice, () => ({ track: { kind: 'video', id: 'bob-cam' }, streams: [new MediaStream()] }));
  let reported = 0;
  alice.addEventListener('remote', () => reported++);
  alice.pc._negotiationNeeded();
  await settle();
  await clock.advance(1999, settle);
  assert.equal(reported, 0);
  await clock.advance(1, settle);
  assert.equal(reported, 1, 'after two seconds');
  alice.pc._ice('connected');
  assert.equal(reported, 1, 'and once');
});

test('once connected, tracks a later answer brings are reported at once; a link closed while holding reports none', async () => {
  const { alice } = pair();
  let track = 0;
  const bobs = new MediaStream(); // his camera's stream: a track more in it changes what is reported
  tracksWithAnswers(alice, () => ({ track: { kind: track ? 'audio' : 'video', id: `bob-${++track}`, stop() {} }, streams: [bobs] }));
  let reported = 0;
  alice.addEventListener('remote', () => reported++);
  alice.pc._negotiationNeeded();
  await settle();
  alice.pc._ice('connected');
  assert.equal(reported, 1);
  alice.renegotiate(); // a screen added, say
  await settle();
  assert.equal(reported, 2, 'the renegotiation\'s answer is not held');

  const { alice: other } = pair();
  tracksWithAnswers(other, () => ({ track: { kind: 'video', id: 'x', stop() {} }, streams: [new MediaStream()] }));
  let closedReports = 0;
  other.addEventListener('remote', () => closedReports++);
  other.pc._negotiationNeeded();
  await settle();
  other.close();
  other.pc._ice('closed');
  assert.equal(closedReports, 0);
});
