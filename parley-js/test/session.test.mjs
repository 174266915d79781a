// The connection's own bookkeeping, which a lossless resume rests on: it counts what the server
// sent, acknowledges it once a second (only when something is new), says the count when it resumes,
// keeps relayed payloads while the connection is down and sends them, in order, once it is back.
// Over the conformance fakes: a WebSocket in memory and a clock that moves only when told to.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FakeNetwork } from '../../conformance/fake-socket.mjs';
import { FakeClock } from '../../conformance/fake-clock.mjs';
import { install, settle, discardTasks } from '../../conformance/fake-rtc.mjs';

install();
const { Parley } = await import('../sdk/parley.js');

const LIMITS = { maxFrameBytes: 65536, roomCapacity: 2, maxRoomsPerSession: 8, callTimeoutSeconds: 30, resumeGraceSeconds: 30 };
let clock, network, random;

beforeEach(() => {
  clock = new FakeClock();
  network = new FakeNetwork();
  clock.install();
  network.install();
  random = Math.random;
  Math.random = () => 0.5; // no spread in the back-off: 250 ms is 250 ms
});

afterEach(() => {
  Math.random = random;
  network.uninstall();
  clock.uninstall();
  discardTasks();
});

/** Frames the client sent since the last call, socket markers left out. */
function sentSince() {
  const frames = network.sent.splice(0).filter(f => !('socket' in f));
  return frames;
}

async function welcomed(parley, { resumed = false, token = 'resume-1' } = {}) {
  await settle();
  const hello = sentSince().find(f => f.type === 'hello');
  assert.ok(hello, 'the client said hello');
  network.deliver([{ type: 'welcome', ref: hello.id, session: 's1', user: { id: 's1' }, protocol: 1, limits: LIMITS,
    iceServers: [], resumeToken: token, resumed }]);
  await settle();
  return hello;
}

const joined = n => Array.from({ length: n }, (_, i) => ({ type: 'peer-joined', room: 'r', peer: { id: `p${i}` } }));

test('what the server sent is acknowledged once a second, and only when something is new', async () => {
  const parley = new Parley({ url: 'ws://parley.test/ws' });
  const connecting = parley.connect();
  const hello = await welcomed(parley);
  await connecting;
  assert.equal(hello.acks, true);
  network.deliver(joined(3));
  await settle();
  assert.deepEqual(sentSince(), [], 'no ack before the second is up');
  await clock.advance(1000, settle);
  assert.deepEqual(sentSince(), [{ type: 'ack', received: 3 }]);
  await clock.advance(3000, settle);
  assert.deepEqual(sentSince(), [], 'nothing new, no ack');
  network.deliver(joined(2));
  await settle();
  await clock.advance(1000, settle);
  assert.deepEqual(sentSince(), [{ type: 'ack', received: 5 }]);
  parley.close();
  await settle();
});

test('a lost connection resumes with the count received, and payloads kept meanwhile follow in order', async () => {
  const parley = new Parley({ url: 'ws://parley.test/ws' });
  const reconnecting = [];
  const resumed = [];
  parley.addEventListener('reconnecting', e => reconnecting.push(e.detail));
  parley.addEventListener('resumed', e => resumed.push(e.detail));
  const connecting = parley.connect();
  await welcomed(parley);
  await connecting;
  network.deliver(joined(4));
  await settle();

  network.drop(1006);
  await settle();
  assert.deepEqual(reconnecting, [{ attempt: 1, delayMs: 250, code: 1006 }]);
  assert.equal(parley.state, 'reconnecting');
  parley.signal('r', 'p0', { candidate: 'c1' }); // relayed payloads wait for the connection
  parley.signal('r', 'p0', { candidate: 'c2' });
  sentSince();

  await clock.advance(249, settle);
  assert.deepEqual(network.sent.filter(f => f.socket === 'connect'), [], 'not before the back-off is over');
  await clock.advance(1, settle);
  const hello = await welcomed(parley, { resumed: true, token: 'resume-2' });
  assert.equal(hello.resume, 'resume-1');
  assert.equal(hello.received, 4, 'the count of messages the server may skip');
  assert.equal(resumed.length, 1);
  assert.equal(parley.state, 'connected');
  const after = sentSince().filter(f => f.type === 'signal');
  assert.deepEqual(after.map(f => f.data.candidate), ['c1', 'c2']);

  // Counting goes on across the resume: the next ack says 4 + what came since.
  network.deliver(joined(1));
  await settle();
  await clock.advance(1000, settle);
  assert.deepEqual(sentSince(), [{ type: 'ack', received: 5 }]);
  parley.close();
  await settle();
});

test('refused attempts back off, and a session the server no longer has starts counting afresh', async () => {
  const parley = new Parley({ url: 'ws://parley.test/ws' });
  const delays = [];
  parley.addEventListener('reconnecting', e => delays.push(e.detail.delayMs));
  const connecting = parley.connect();
  await welcomed(parley);
  await connecting;
  network.deliver(joined(2));
  await settle();

  network.refusing = 3;
  network.drop(1006);
  await settle();
  for (const ms of [250, 500, 1000]) await clock.advance(ms, settle);
  assert.deepEqual(delays, [250, 500, 1000, 2000]);
  await clock.advance(2000, settle);
  const hello = await welcomed(parley, { resumed: false, token: 'resume-new' });
  assert.equal(hello.received, 2);
  network.deliver(joined(1));
  await settle();
  await clock.advance(1000, settle);
  assert.deepEqual(sentSince().filter(f => f.type === 'ack'), [{ type: 'ack', received: 1 }], 'counted from the new welcome');
  parley.close();
  await settle();
});
