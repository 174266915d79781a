// The connection's own bookkeeping, which a lossless resume rests on: it counts what the server
// sent, acknowledges it once a second (only when something is new), says the count when it resumes,
// keeps relayed payloads while the connection is down and sends them, in order, once it is back.
// Over the conformance fakes: a WebSocket in memory and a clock that moves only when told to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settle } from '../../conformance/fake-rtc.mjs';
import { URL, fake, sdk, sentSince, welcomed } from './server.mjs';

const { Parley } = sdk;

const joined = n => Array.from({ length: n }, (_, i) => ({ type: 'peer-joined', room: 'r', peer: { id: `p${i}` } }));

test('what the server sent is acknowledged once a second, and only when something is new', async () => {
  const parley = new Parley({ url: URL });
  const connecting = parley.connect();
  const hello = await welcomed();
  await connecting;
  assert.equal(hello.acks, true);
  fake.network.deliver(joined(3));
  await settle();
  assert.deepEqual(sentSince(), [], 'no ack before the second is up');
  await fake.clock.advance(1000, settle);
  assert.deepEqual(sentSince(), [{ type: 'ack', received: 3 }]);
  await fake.clock.advance(3000, settle);
  assert.deepEqual(sentSince(), [], 'nothing new, no ack');
  fake.network.deliver(joined(2));
  await settle();
  await fake.clock.advance(1000, settle);
  assert.deepEqual(sentSince(), [{ type: 'ack', received: 5 }]);
  parley.close();
  await settle();
});

test('a lost connection resumes with the count received, and payloads kept meanwhile follow in order', async () => {
  const parley = new Parley({ url: URL });
  const reconnecting = [];
  const resumed = [];
  parley.addEventListener('reconnecting', e => reconnecting.push(e.detail));
  parley.addEventListener('resumed', e => resumed.push(e.detail));
  const connecting = parley.connect();
  await welcomed();
  await connecting;
  fake.network.deliver(joined(4));
  await settle();

  fake.network.drop(1006);
  await settle();
  assert.deepEqual(reconnecting, [{ attempt: 1, delayMs: 250, code: 1006 }]);
  assert.equal(parley.state, 'reconnecting');
  parley.signal('r', 'p0', { candidate: 'c1' }); // relayed payloads wait for the connection
  parley.signal('r', 'p0', { candidate: 'c2' });
  sentSince();

  await fake.clock.advance(249, settle);
  assert.deepEqual(fake.network.sent.filter(f => f.socket === 'connect'), [], 'not before the back-off is over');
  await fake.clock.advance(1, settle);
  const hello = await welcomed({ resumed: true, token: 'resume-2' });
  assert.equal(hello.resume, 'resume-1');
  assert.equal(hello.received, 4, 'the count of messages the server may skip');
  assert.equal(resumed.length, 1);
  assert.equal(parley.state, 'connected');
  const after = sentSince().filter(f => f.type === 'signal');
  assert.deepEqual(after.map(f => f.data.candidate), ['c1', 'c2']);

  // Counting goes on across the resume: the next ack says 4 + what came since.
  fake.network.deliver(joined(1));
  await settle();
  await fake.clock.advance(1000, settle);
  assert.deepEqual(sentSince(), [{ type: 'ack', received: 5 }]);
  parley.close();
  await settle();
});

test('refused attempts back off, and a session the server no longer has starts counting afresh', async () => {
  const parley = new Parley({ url: URL });
  const delays = [];
  parley.addEventListener('reconnecting', e => delays.push(e.detail.delayMs));
  const connecting = parley.connect();
  await welcomed();
  await connecting;
  fake.network.deliver(joined(2));
  await settle();

  fake.network.refusing = 3;
  fake.network.drop(1006);
  await settle();
  for (const ms of [250, 500, 1000]) await fake.clock.advance(ms, settle);
  assert.deepEqual(delays, [250, 500, 1000, 2000]);
  await fake.clock.advance(2000, settle);
  const hello = await welcomed({ resumed: false, token: 'resume-new' });
  assert.equal(hello.received, 2);
  fake.network.deliver(joined(1));
  await settle();
  await fake.clock.advance(1000, settle);
  assert.deepEqual(sentSince().filter(f => f.type === 'ack'), [{ type: 'ack', received: 1 }], 'counted from the new welcome');
  parley.close();
  await settle();
});
