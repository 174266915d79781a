// Files between two ends of the SDK (parley-data.js), each on its own fake engine, wired together:
// cut into 64 KiB chunks on a channel of their own, hashed on both sides as they pass, checked and
// acknowledged; a byte changed on the way, or a cancel from either side, ends it at both ends.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { FakePeerConnection, install, settle, discardTasks, step } from '../../conformance/fake-rtc.mjs';
import { MemoryBlob, bytes } from '../../conformance/vectors.mjs';
import { FakeClock } from '../../conformance/fake-clock.mjs';
import { wireChannels } from './wire.mjs';

install();
const { CallData } = await import('../sdk/parley-data.js');

afterEach(() => discardTasks());

/** Two connected CallData ends. */
async function pair(options) {
  const a = new FakePeerConnection(), b = new FakePeerConnection();
  wireChannels(a, b, options);
  const sender = new CallData(a, a.createDataChannel('parley', { negotiated: true, id: 0 }));
  const receiver = new CallData(b, b.createDataChannel('parley', { negotiated: true, id: 0 }));
  const incoming = []; // each with `ended`, listened to from the start (a small file is over within a settle)
  receiver.addEventListener('file', e => incoming.push(Object.assign(e.detail.transfer, { ended: ended(e.detail.transfer) })));
  await settle();
  assert.ok(sender.open && receiver.open, 'the control channels are open');
  return { a, b, sender, receiver, incoming };
}

const ended = t => new Promise(resolve => {
  t.addEventListener('done', e => resolve({ done: e.detail }));
  t.addEventListener('cancelled', e => resolve({ cancelled: e.detail }));
});
const sha = data => createHash('sha256').update(data).digest('hex');

test('a file crosses whole: announced, 64 KiB chunks on its own channel, the digest checked at both ends', async () => {
  const { a, sender, incoming } = await pair();
  const content = bytes(3 * 65536 + 777, 11);
  const out = sender.sendFile(new MemoryBlob(content, { type: 'application/pdf' }), 'report.pdf');
  const sent = ended(out);
  await settle();
  assert.equal(incoming.length, 1);
  const received = incoming[0];
  assert.deepEqual({ name: received.name, size: received.size, type: received.type }, { name: 'report.pdf', size: content.length, type: 'application/pdf' });
  const arrived = received.ended;
  await settle();
  assert.deepEqual(a.channel(`file:${out.id}`).binary.map(c => c.byteLength), [65536, 65536, 65536, 777]);
  const [{ done: there }, { done: here }] = await Promise.all([arrived, sent]);
  assert.equal(there.ok, true);
  assert.equal(here.ok, true);
  assert.equal(there.sha256, sha(content));
  assert.deepEqual(new Uint8Array(await there.blob.arrayBuffer()), content);
  assert.equal(a.channel(`file:${out.id}`).readyState, 'closed', 'the file channel is closed once acknowledged');
});

test('an empty file arrives as one', async () => {
  const { sender, incoming } = await pair();
  const out = sender.sendFile(new MemoryBlob(new Uint8Array(0)), 'empty.txt');
  const sent = ended(out);
  await settle();
  const { done } = await incoming[0].ended;
  assert.equal(done.ok, true);
  assert.equal(done.sha256, sha(new Uint8Array(0)));
  assert.equal((await done.blob.arrayBuffer()).byteLength, 0);
  assert.equal((await sent).done.ok, true);
});

test('two files at once arrive intact, each on its own channel', async () => {
  const { sender, incoming } = await pair();
  const one = bytes(200_000, 1), two = bytes(150_001, 2);
  const sent = [sender.sendFile(new MemoryBlob(one), 'one.bin'), sender.sendFile(new MemoryBlob(two), 'two.bin')].map(ended);
  await settle();
  const results = await Promise.all(incoming.map(t => t.ended));
  assert.deepEqual(incoming.map(t => t.name), ['one.bin', 'two.bin']);
  assert.deepEqual(new Uint8Array(await results[0].done.blob.arrayBuffer()), one);
  assert.deepEqual(new Uint8Array(await results[1].done.blob.arrayBuffer()), two);
  for (const r of await Promise.all(sent)) assert.equal(r.done.ok, true);
});

test('a byte changed on the way fails the check, and the sender is told', async () => {
  let chunks = 0;
  const { sender, incoming } = await pair({ tamper: chunk => { if (++chunks === 2) chunk[100] ^= 0xff; return chunk; } });
  const content = bytes(140_000, 5);
  const sent = ended(sender.sendFile(new MemoryBlob(content), 'photo.jpg'));
  await settle();
  const { done } = await incoming[0].ended;
  assert.equal(done.ok, false);
  assert.equal(done.blob, undefined, 'nothing to save');
  assert.notEqual(done.sha256, sha(content));
  assert.equal((await sent).done.ok, false);
});

test('the receiver cancels half-way: the sender stops sending', async () => {
  const { a, sender, incoming } = await pair();
  // 100 chunks: more than the 4 MiB the sender queues at once, so it is still sending when the cancel comes.
  const out = sender.sendFile(new MemoryBlob(bytes(100 * 65536, 9)), 'big.iso');
  const sent = ended(out);
  // Run the engine's tasks one by one until the first chunks are in, then cancel.
  for (let i = 0; i < 10_000 && !(incoming[0]?.bytes >= 2 * 65536); i++) await step();
  assert.ok(incoming[0].bytes >= 2 * 65536 && incoming[0].bytes < 100 * 65536, `cancelled half-way (${incoming[0].bytes} bytes in)`);
  incoming[0].cancel();
  await settle();
  assert.deepEqual((await sent).cancelled, { by: 'peer' });
  const chunksSent = a.channel(`file:${out.id}`).binary.length;
  await settle();
  assert.equal(a.channel(`file:${out.id}`).binary.length, chunksSent, 'no chunk after the cancel');
  assert.ok(chunksSent < 100, `${chunksSent} of 100 chunks sent`);
});


test('a receiver that closes the channel without a cancel: the sender gives up after 3 s', async () => {
  const clock = new FakeClock();
  clock.install();
  try {
    const { a, sender, incoming } = await pair();
    const out = sender.sendFile(new MemoryBlob(bytes(100 * 65536, 4)), 'lost.bin');
    const sent = ended(out);
    for (let i = 0; i < 10_000 && !(incoming[0]?.bytes >= 65536); i++) await step();
    incoming[0]._channel.close(); // as a receiver that drops it, with no word on the control channel
    await settle();
    assert.equal(out.state, 'sending', 'the cancel may still be on its way');
    await clock.advance(2999, settle);
    assert.equal(out.state, 'sending');
    await clock.advance(1, settle);
    assert.deepEqual((await sent).cancelled, { by: 'me' });
    assert.ok(a.channel(`file:${out.id}`).binary.length < 100, 'it stopped sending');
  } finally {
    clock.uninstall();
  }
});
