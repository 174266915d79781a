// Replays the conformance vectors (negotiation.json, data-channel.json, call.json) against the JS SDK
// over the fake engine, as parley-client's ConformanceTest does against the Java SDK, so the two cannot drift
// apart. From the repository root: node --test conformance/replay.test.mjs (parley-server's
// JsConformanceTest runs it in the build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakePeerConnection, discardTasks, install, settle } from './fake-rtc.mjs';
import { FakeClock } from './fake-clock.mjs';
import { Captures, MemoryBlob, bytes, loadCases } from './vectors.mjs';
import { callCase } from './call-replay.mjs';

install();
const sdk = file => new URL(`../parley-js/sdk/${file}`, import.meta.url);
const { PeerLink } = await import(sdk('parley-link.js'));
const { CallData } = await import(sdk('parley-data.js'));
const parley = await import(sdk('parley.js'));

/** Far more than a case takes (milliseconds, the 6 MiB file included), so a hang fails rather than stalls. */
const CASE_TIMEOUT_MS = 20_000;

for (const spec of loadCases('negotiation.json')) {
  test(`negotiation: ${spec.name}`, { timeout: CASE_TIMEOUT_MS }, () => withWarnings(warnings => negotiation(spec, warnings)));
}
for (const spec of loadCases('data-channel.json')) {
  test(`data channel: ${spec.name}`, { timeout: CASE_TIMEOUT_MS }, () => withWarnings(warnings => dataChannel(spec, warnings)));
}
for (const spec of loadCases('call.json')) {
  test(`call: ${spec.name}`, { timeout: CASE_TIMEOUT_MS }, () => withWarnings(warnings => callCase(spec, warnings, parley)));
}

/** The SDK's console.warn lines of a case, kept for its failure messages rather than printed. */
async function withWarnings(run) {
  discardTasks(); // what an earlier case left when it failed
  const warnings = [];
  const warn = console.warn;
  console.warn = (...args) => warnings.push(args.map(a => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' '));
  try {
    await run(warnings);
  } finally {
    console.warn = warn;
  }
}

const copy = json => JSON.parse(JSON.stringify(json));
const mismatch = (what, where, expected, actual) => `${what} at ${where}:\n  expected ${JSON.stringify(expected)}\n  actual   ${JSON.stringify(actual)}`;

/** One PeerLink on the fake engine, the other side scripted by the vector. */
async function negotiation(spec, warnings) {
  const clock = new FakeClock();
  clock.install();
  const sent = [];
  const link = new PeerLink({ polite: spec.polite, iceServers: [], send: p => sent.push(copy(p)) });
  const pc = link.pc;
  const captures = new Captures();
  let logged = 0;
  try {
    let n = 0;
    for (const step of spec.steps) {
      n++;
      if ('engine' in step) engine(pc, step.engine);
      else if ('receive' in step) link.handle(copy(step.receive));
      else if ('wait' in step) await clock.advance(step.wait, settle);
      await settle();
      if (!('expect' in step)) continue;
      const expect = step.expect;
      const log = pc.log.slice(logged);
      logged = pc.log.length;
      const out = sent.splice(0);
      const where = `step ${n}; trace ${JSON.stringify(link.trace)}; warnings ${JSON.stringify(warnings)}`;
      if ('engine' in expect) assert.deepEqual(log, expect.engine, `engine calls at ${where}`);
      if ('sent' in expect) assert.ok(captures.match(expect.sent, out), mismatch('sent', where, expect.sent, out));
      if ('signaling' in expect) assert.equal(pc.signalingState, expect.signaling, `signaling state at ${where}`);
    }
  } finally {
    link.close();
    clock.uninstall();
  }
}

function engine(pc, e) {
  if (e === 'negotiationneeded') pc._negotiationNeeded();
  else if ('candidateWhileDescribing' in e) pc.candidateWhileDescribing = e.candidateWhileDescribing;
  else if ('candidate' in e) pc._reportCandidate(e.candidate);
  else if ('ice' in e) pc._ice(e.ice);
  else throw new Error(`unknown engine step ${JSON.stringify(e)}`);
}

/** One CallData on a fake control channel, the other side scripted by the vector. */
async function dataChannel(spec, warnings) {
  const pc = new FakePeerConnection();
  const control = pc.createDataChannel('parley', { negotiated: true, id: 0 });
  const data = new CallData(pc, control);
  const events = [];
  const transfers = new Map();
  const captures = new Captures();
  const seenChunks = new Map(); // channel → how many of its chunks an expect has seen
  let seenControl = 0;
  let seenChannels = 1; // the control channel
  const event = (type, fields) => events.push({ type, ...fields });
  const follow = t => {
    transfers.set(t.id, t);
    t.addEventListener('done', ({ detail: { ok, sha256 } }) => event('file-done', { id: t.id, ok, sha256 }));
    t.addEventListener('cancelled', ({ detail: { by } }) => event('file-cancelled', { id: t.id, by }));
  };
  data.addEventListener('remote-state', ({ detail: { state: { mic, cam, screen, screenStream } } }) => event('remote-state', { mic, cam, screen, screenStream }));
  data.addEventListener('chat', ({ detail: { id, text, at } }) => event('chat', { id, text, at }));
  data.addEventListener('chat-delivered', ({ detail: { id } }) => event('chat-delivered', { id }));
  data.addEventListener('file', ({ detail: { transfer: t } }) => {
    event('file', { id: t.id, name: t.name, size: t.size, mime: t.type });
    follow(t);
  });
  const channel = label => {
    const c = pc.channel(captures.resolve(label));
    assert.ok(c, `no channel ${label} among ${JSON.stringify(pc.channels.map(c => c.label))}`);
    return c;
  };
  const newChunks = label => {
    const c = channel(label);
    const from = seenChunks.get(c) ?? 0;
    seenChunks.set(c, c.binary.length);
    return c.binary.slice(from);
  };

  let n = 0;
  for (const step of spec.steps) {
    n++;
    if ('control' in step) control._open();
    else if ('receive' in step) control._deliver(JSON.stringify(captures.resolve(step.receive)));
    else if ('receiveText' in step) control._deliver(step.receiveText);
    else if ('do' in step) act(data, step.do, follow);
    else if ('channel' in step) {
      const c = channel(step.channel.label);
      if ('state' in step.channel) c._open();
      if ('buffered' in step.channel) c._drain(step.channel.buffered);
    } else if ('peerChannel' in step) {
      const c = pc._peerChannel(step.peerChannel.label);
      for (const { size, seed, offset } of step.peerChannel.chunks) {
        await settle();
        c._deliver(bytes(size, seed, offset).buffer);
      }
    }
    await settle();
    if (!('expect' in step)) continue;
    const expect = step.expect;
    const where = `step ${n}; warnings ${JSON.stringify(warnings)}`;
    const sentControl = control.sent.slice(seenControl).map(text => JSON.parse(text));
    seenControl = control.sent.length;
    const happened = events.splice(0);
    const newChannels = pc.channels.slice(seenChannels).map(c => c.label);
    seenChannels = pc.channels.length;
    if ('control' in expect) assert.ok(captures.match(expect.control, sentControl), mismatch('control', where, expect.control, sentControl));
    if ('events' in expect) assert.ok(captures.match(expect.events, happened), mismatch('events', where, expect.events, happened));
    if ('channels' in expect) assert.ok(captures.match(expect.channels, newChannels), mismatch('channels', where, expect.channels, newChannels));
    for (const [label, sizes] of Object.entries(expect.chunks ?? {})) {
      assert.deepEqual(newChunks(label).map(b => b.byteLength), sizes, `chunks on ${label} at ${where}`);
    }
    for (const [label, count] of Object.entries(expect.chunkCount ?? {})) {
      assert.equal(newChunks(label).length, count, `chunks on ${label} at ${where}`);
    }
    for (const label of expect.channelsClosed ?? []) assert.equal(channel(label).readyState, 'closed', `${label} at ${where}`);
    for (const [id, { size, seed }] of Object.entries(expect.received ?? {})) {
      const blob = transfers.get(id)?.blob;
      assert.ok(blob, `file ${id} has no received content at ${where}`);
      assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), bytes(size, seed), `file ${id} at ${where}`);
    }
  }
}

function act(data, d, follow) {
  if ('setState' in d) data.setState(d.setState);
  else if ('chat' in d) data.chat(d.chat);
  else if ('sendFile' in d) {
    const { name, type, size, seed } = d.sendFile;
    follow(data.sendFile(new MemoryBlob(bytes(size, seed), { type }), name));
  } else throw new Error(`unknown action ${JSON.stringify(d)}`);
}
