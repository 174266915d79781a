// One vocabulary: the connection turns the server's traffic into events of one shape each (whoever
// it concerns as `peer`) and hands each to the one call it concerns; a one-to-one call and a group
// call report the same things with the same events, each about a Participant. And every name and
// code the SDK uses is one of its exported constants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { settle } from '../../conformance/fake-rtc.mjs';
import { connected, fake, reply, sdk, sentSince, serverSays, welcomed } from './server.mjs';

const { CallEvent, ErrorCode, IncomingCall, IncomingCallEvent, FileTransferEvent, Participant, ParleyEvent } = sdk;
const values = constants => new Set(Object.values(constants));

/** Every event `target` dispatches from now on, as [type, detail]. */
function record(target) {
  const seen = [];
  const dispatch = target.dispatchEvent.bind(target);
  target.dispatchEvent = e => { seen.push([e.type, e.detail]); return dispatch(e); };
  return seen;
}

test('the server\'s traffic becomes events of one shape each, named by ParleyEvent', async () => {
  const parley = await connected({ name: 'alice' });
  const seen = record(parley);
  await serverSays(
    { type: 'presence', full: true, online: ['carol', 'bob'], offline: [] },
    { type: 'presence', full: false, online: [], offline: ['carol'] },
    { type: 'peer-joined', room: 'r', peer: { id: 's-bob', name: 'bob' } },
    { type: 'peer-away', room: 'r', peer: { id: 's-bob', name: 'bob' } },
    { type: 'peer-away', call: 'c1', by: 'bob' },
    { type: 'peer-back', call: 'c1', by: 'bob' },
    { type: 'message', room: 'r', from: 's-bob', data: { hi: 1 } },
    { type: 'signal', room: 'r', from: 's-bob', data: { candidate: 'a' } },
    { type: 'signal', call: 'c1', from: 'bob', data: { candidate: 'b' } },
    { type: 'accepted', call: 'c1' },
    { type: 'rejected', call: 'c2', reason: 'declined' },
    { type: 'hangup', call: 'c1', by: 'bob', reason: 'hangup' },
    { type: 'hangup', call: 'c3', by: 'bob', reason: 'disconnected' },
    { type: 'timeout', call: 'c4' },
    { type: 'error', code: 'not-in-room', message: 'not in r', request: 'signal' },
  );
  const incomingAt = seen.length;
  await serverSays({ type: 'incoming', call: 'c5', from: 'dave' });
  const [type, detail] = seen[incomingAt];
  assert.equal(type, ParleyEvent.INCOMING);
  assert.deepEqual(Object.keys(detail), ['incoming']);
  assert.ok(detail.incoming instanceof IncomingCall);
  assert.equal(detail.incoming.from, 'dave');
  const error = seen.find(([t]) => t === ParleyEvent.ERROR)[1].error;
  assert.deepEqual([error.name, error.code, error.request], ['ParleyError', 'not-in-room', 'signal']);

  assert.deepEqual(seen.slice(0, incomingAt).filter(([t]) => t !== ParleyEvent.ERROR), [
    ['presence', { online: ['bob', 'carol'], came: ['carol', 'bob'], went: [] }],
    ['presence', { online: ['bob'], came: [], went: ['carol'] }],
    ['peer-joined', { room: 'r', peer: { id: 's-bob', name: 'bob' } }],
    ['peer-away', { room: 'r', peer: { id: 's-bob', name: 'bob' } }],
    ['peer-away', { call: 'c1', peer: { name: 'bob' } }],
    ['peer-back', { call: 'c1', peer: { name: 'bob' } }],
    ['message', { room: 'r', peer: { id: 's-bob' }, data: { hi: 1 } }],
    ['signal', { room: 'r', peer: { id: 's-bob' }, data: { candidate: 'a' } }],
    ['signal', { call: 'c1', peer: { name: 'bob' }, data: { candidate: 'b' } }],
    ['call-accepted', { call: 'c1' }],
    ['call-rejected', { call: 'c2', reason: 'declined' }],
    ['call-ended', { call: 'c1', reason: 'hung-up', by: 'bob' }],
    ['call-ended', { call: 'c3', reason: 'disconnected', by: 'bob' }],
    ['call-ended', { call: 'c4', reason: 'no-answer' }],
  ]);
  for (const [t, d] of seen) {
    assert.ok(values(ParleyEvent).has(t), `'${t}' is a ParleyEvent`);
    assert.equal(Object.getPrototypeOf(d), Object.prototype, `'${t}' carries a plain object`);
  }
  assert.ok(!seen.some(([t]) => t === 'timeout'), "'timeout' is an error code only, never an event");
  parley.close();
  await settle();
});

/** A connected MediaCall in room r with s-bob, a GroupCall in room g with s-carol and s-dave. */
async function twoCalls() {
  const parley = await connected({ name: 'alice' });
  const listening = [];
  const add = parley.addEventListener.bind(parley);
  parley.addEventListener = (type, ...rest) => { listening.push(type); return add(type, ...rest); };
  const one = parley.joinCall('r', new MediaStream());
  await reply('join', { type: 'joined', room: 'r', peers: [{ id: 's-bob', name: 'bob' }] });
  const group = parley.joinGroup('g', new MediaStream());
  await reply('join', { type: 'joined', room: 'g', peers: [{ id: 's-carol', name: 'carol' }] });
  const calls = { parley, one: await one, group: await group, listening };
  calls.seen = { one: record(calls.one), group: record(calls.group) };
  sentSince();
  return calls;
}

test('each call is handed what concerns it, by the connection, once: calls listen to nothing of it', async () => {
  const { parley, one, group, seen, listening } = await twoCalls();
  assert.deepEqual(listening, [], 'no call added a listener to the connection');

  await serverSays({ type: 'peer-joined', room: 'g', peer: { id: 's-dave', name: 'dave' } });
  assert.deepEqual(seen.one, [], 'the other room\'s newcomer is not the one-to-one call\'s');
  assert.deepEqual(seen.group.map(([t, d]) => [t, d.peer?.name ?? d.state]), [['peer-joined', 'dave']]);
  assert.deepEqual([...group.members.keys()], ['s-carol', 's-dave']);

  const bobLog = one.link.pc.log.length;
  const carolLog = group.members.get('s-carol').link.pc.log.length;
  await serverSays({ type: 'signal', room: 'g', from: 's-carol', data: { description: { type: 'answer', sdp: 'answer from carol' } } });
  assert.equal(one.link.pc.log.length, bobLog, 'a payload for the group does not reach the one-to-one link');
  assert.deepEqual(group.members.get('s-carol').link.pc.log.slice(carolLog), ['setRemoteDescription answer'], 'carol\'s link has it');

  await serverSays({ type: 'peer-left', room: 'r', peer: { id: 's-bob', name: 'bob' } });
  assert.equal(one.state, 'waiting');
  assert.equal(group.members.size, 2, 'someone leaving room r leaves the group in g alone');
  parley.close();
  await settle();
  assert.deepEqual([one.state, group.state], ['ended', 'ended'], 'the end of the connection reaches every call');
});

test('a one-to-one call and a group call report the same things with the same events, about a Participant', async () => {
  const { parley, one, group, seen } = await twoCalls();
  const bob = one.peer;
  const carol = group.members.get('s-carol');
  for (const p of [bob, carol]) assert.ok(p instanceof Participant);

  await serverSays(
    { type: 'peer-away', room: 'r', peer: { id: 's-bob', name: 'bob' } },
    { type: 'peer-away', room: 'g', peer: { id: 's-carol', name: 'carol' } },
  );
  assert.deepEqual([bob.away, carol.away], [true, true]);
  await serverSays(
    { type: 'peer-back', room: 'r', peer: { id: 's-bob', name: 'bob' } },
    { type: 'peer-back', room: 'g', peer: { id: 's-carol', name: 'carol' } },
  );
  assert.deepEqual([bob.away, carol.away], [false, false]);

  // What the other side says over the data channel: its devices, a chat message, a file.
  for (const p of [bob, carol]) {
    const control = p.link.pc.channel('parley');
    control._open();
    await settle();
    control._deliver(JSON.stringify({ t: 'state', mic: false, cam: true, screen: false, screenStream: null }));
    control._deliver(JSON.stringify({ t: 'chat', id: 'm1', text: 'hello', at: 1700000000000 }));
    control._deliver(JSON.stringify({ t: 'file', id: '0123456789abcdef', name: 'a.txt', size: 3, type: 'text/plain' }));
    await settle();
  }
  assert.deepEqual([bob.state, carol.state].map(s => s.mic), [false, false]);

  const shape = ([type, d], who) => {
    const { peer, ...rest } = d;
    if (type === 'state') return [type, d.state];
    assert.equal(peer, who, `'${type}' is about the participant`);
    if (type === 'remote-state') return [type, rest.state.mic];
    if (type === 'chat') return [type, rest.id, rest.text, rest.at];
    if (type === 'file') return [type, rest.transfer.name, rest.transfer.peer === who];
    return [type];
  };
  const about = (events, who) => events.filter(([t]) => t !== 'state').map(e => shape(e, who));
  const expected = [['peer-away'], ['peer-back'], ['remote-state', false], ['chat', 'm1', 'hello', 1700000000000], ['file', 'a.txt', true]];
  assert.deepEqual(about(seen.one, bob), expected);
  assert.deepEqual(about(seen.group, carol), expected);
  for (const [type, detail] of [...seen.one, ...seen.group]) {
    assert.ok(values(CallEvent).has(type), `'${type}' is a CallEvent`);
    assert.equal(Object.getPrototypeOf(detail), Object.prototype);
  }

  await serverSays({ type: 'peer-left', room: 'r', peer: { id: 's-bob', name: 'bob' } }, { type: 'peer-left', room: 'g', peer: { id: 's-carol', name: 'carol' } });
  assert.deepEqual(seen.one.at(-2), ['peer-left', { peer: bob }]);
  assert.deepEqual(seen.group.filter(([t]) => t === 'peer-left'), [['peer-left', { peer: carol }]]);
  parley.close();
  await settle();
});

test('a call that fails while it hears something keeps neither the other calls nor the connection from going on', async () => {
  const { parley, one, group } = await twoCalls();
  const reported = [];
  const report = globalThis.reportError;
  globalThis.reportError = e => reported.push(e.message);
  try {
    one._hear = () => { throw new Error('broken call'); };
    parley.close();
    await settle();
  } finally {
    globalThis.reportError = report;
  }
  assert.deepEqual(reported, ['broken call']);
  assert.equal(group.state, 'ended', 'the group heard the end all the same');
  assert.equal(parley.state, 'closed');
});

test('someone away when the server restarted is back once the room is taken again: peer-back, away cleared', async () => {
  const { parley, one, group, seen } = await twoCalls();
  await serverSays(
    { type: 'peer-away', room: 'r', peer: { id: 's-bob', name: 'bob' } },
    { type: 'peer-away', room: 'g', peer: { id: 's-carol', name: 'carol' } },
  );
  fake.network.drop(1006);
  await settle();
  await fake.clock.advance(250, settle);
  await welcomed({ resumed: false, token: 'resume-new' }); // a new server: the session is gone, the rooms are taken again
  await reply('join', { type: 'joined', room: 'r', peers: [{ id: 's-bob', name: 'bob' }] });
  await reply('join', { type: 'joined', room: 'g', peers: [{ id: 's-carol', name: 'carol' }] });
  assert.deepEqual([one.peer.away, group.members.get('s-carol').away], [false, false]);
  assert.deepEqual(seen.one.filter(([t]) => t.startsWith('peer-')).map(([t]) => t), ['peer-away', 'peer-back']);
  assert.deepEqual(seen.group.filter(([t]) => t.startsWith('peer-')).map(([t]) => t), ['peer-away', 'peer-back']);
  parley.close();
  await settle();
});

test('an unanswered incoming call is cancelled with {reason}, and no answer is "no-answer"', async () => {
  const parley = await connected({ name: 'bob' });
  const rings = [];
  parley.addEventListener(ParleyEvent.INCOMING, e => rings.push(e.detail.incoming));
  await serverSays({ type: 'incoming', call: 'c1', from: 'alice' }, { type: 'incoming', call: 'c2', from: 'carol' });
  const cancelled = rings.map(r => new Promise(resolve => r.addEventListener(IncomingCallEvent.CANCELLED, e => resolve(e.detail))));
  await serverSays({ type: 'timeout', call: 'c1' }, { type: 'hangup', call: 'c2', by: 'carol', reason: 'hangup' });
  assert.deepEqual(await Promise.all(cancelled), [{ reason: 'no-answer' }, { reason: 'hung-up' }]);
  parley.close();
  await settle();
});

const sdkSource = () => readdirSync(new URL('../sdk/', import.meta.url)).filter(f => f.endsWith('.js'))
  .map(f => readFileSync(new URL(`../sdk/${f}`, import.meta.url), 'utf8')).join('\n');

test('every event name the SDK dispatches is one of its constants', () => {
  const source = sdkSource();
  const named = new Set([...source.matchAll(/(?:new CustomEvent\(|_emit\(|emit\(|_announce\(|type: )'([a-z-]+)'/g)].map(m => m[1]));
  // The lower-level objects' own: CallQuality's 'sample'; PeerLink's 'state', 'remote', 'remote-screen' and CallData's
  // 'remote-state', 'chat', 'chat-delivered', 'file' are the calls' names for the same things.
  const known = new Set([...values(ParleyEvent), ...values(CallEvent), ...values(IncomingCallEvent), ...values(FileTransferEvent), 'sample']);
  const protocolTypes = /^(hello|ack|join|leave|signal|message|call|accept|reject|hangup|welcome)$/; // `type:` of frames the SDK sends
  assert.deepEqual([...named].filter(n => !known.has(n) && !protocolTypes.test(n)), []);
});

test('ErrorCode lists every code the SDK and the app throw, and every code of the protocol', () => {
  const codes = values(ErrorCode);
  const app = readdirSync(new URL('../app/', import.meta.url)).filter(f => f.endsWith('.js'))
    .map(f => readFileSync(new URL(`../app/${f}`, import.meta.url), 'utf8')).join('\n');
  const thrown = [...(sdkSource() + app).matchAll(/new ParleyError\('([a-z-]+)'/g)].map(m => m[1]);
  const appOnly = new Set(['echo-busy', 'echo-missing']); // the web app's own, about its echo test
  assert.deepEqual(thrown.filter(c => !codes.has(c) && !appOnly.has(c)), []);
  const protocol = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
  const table = protocol.slice(protocol.indexOf('## Errors'), protocol.indexOf('## Limits and closing'));
  const documented = [...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map(m => m[1]);
  assert.ok(documented.length > 20, 'the protocol\'s error table is where it was');
  assert.deepEqual(documented.filter(c => !codes.has(c)), []);
});
