// A call's peer connection made ahead (Parley.prepareCall): its offer and candidates wait for
// someone to send them to, and go at once when a call that offers takes it (the offer of a room's
// newcomer with its join, and back in waiting if that reached nobody); a call that answers
// makes its own, and a link nobody took is closed when cancelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeIceCandidate, settle } from '../../conformance/fake-rtc.mjs';
import { connected, fake, reply, sentSince, serverSays } from './server.mjs';

const signals = () => sentSince().filter(f => f.type === 'signal');

/** A connection with a link made ahead (to offer) for a stream of its own. */
async function madeAhead() {
  const parley = await connected();
  const stream = new MediaStream();
  parley.prepareCall(stream);
  await settle();
  return { parley, stream, link: parley.preparedLink };
}

test('a call that offers takes the link made ahead and sends its offer and candidates at once', async () => {
  const { parley, stream, link } = await madeAhead();
  assert.ok(link, 'a link is made ahead');
  assert.deepEqual(link.pc.log, ['setLocalDescription offer'], 'its offer is made before any call');
  link.pc._reportCandidate('candidate:p1');
  await settle();
  assert.deepEqual(signals(), [], 'nothing is sent while there is nobody to send it to');

  const joining = parley.joinCall('r', stream);
  const join = await reply('join', { type: 'joined', room: 'r', peers: [{ id: 's-bob', name: 'bob' }] });
  const call = await joining;
  assert.equal(join.signal.description.type, 'offer', 'the offer made ahead went with the join, to whoever is there');
  assert.equal(call.link, link, 'the call took the link made ahead');
  assert.equal(parley.preparedLink, null);
  assert.deepEqual(signals().map(f => [f.to, f.data.description?.type ?? f.data.candidate.candidate]),
    [['s-bob', 'candidate:p1']], 'then the candidate gathered ahead, and the offer not again');
  assert.deepEqual(link.pc.log, ['setLocalDescription offer'], 'no second offer');
  parley.close();
  await settle();
});

test('candidates already in the offer that goes with a join are not sent again; later ones are', async () => {
  const { parley, stream, link } = await madeAhead();
  // As Chromium reports them: the event's string has a ufrag that the description's line has not.
  const p1 = 'candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host generation 0 ufrag u network-id 1';
  const p2 = 'candidate:2 1 udp 2122260223 127.0.0.1 5001 typ host generation 0 ufrag u network-id 1';
  link.pc._reportCandidate(p1);
  link.pc._reportCandidate(p2);
  await settle();
  // Candidates gathered since the offer was set are in its description now.
  link.pc.localDescription.sdp += '\r\na=ice-ufrag:u\r\na=candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host generation 0 network-id 1\r\n';
  const joining = parley.joinCall('r', stream);
  const join = await reply('join', { type: 'joined', room: 'r', peers: [{ id: 's-bob', name: 'bob' }] });
  await joining;
  assert.match(join.signal.description.sdp, /a=candidate:1 1 udp/);
  link.pc._reportCandidate(p1); // reported again (a browser may): still not sent
  link.pc._reportCandidate('candidate:3 1 udp 2122260223 127.0.0.1 5002 typ host generation 0 ufrag u network-id 1');
  // The same fields in another ICE generation (after a restart) are another candidate.
  link.pc._fire('icecandidate', { candidate: new FakeIceCandidate({ candidate: p1.replace('ufrag u', 'ufrag v'), sdpMid: '0',
    sdpMLineIndex: 0, usernameFragment: 'v' }) });
  await settle();
  assert.deepEqual(signals().map(f => f.data.candidate.candidate.split(' ')[0]), ['candidate:2', 'candidate:3', 'candidate:1']);
  parley.close();
  await settle();
});

test('an offer that went with a join to nobody (an empty room, a full one) waits again, and goes first when a call takes the link', async () => {
  const { parley, stream, link: ahead } = await madeAhead();
  const alone = parley.joinCall('empty', stream);
  assert.equal((await reply('join', { type: 'joined', room: 'empty', peers: [] })).signal.description.type, 'offer');
  assert.equal((await alone).state, 'waiting');
  assert.equal(parley.preparedLink, ahead, 'kept for a call that offers');

  const refused = parley.joinCall('busy', stream).catch(e => e);
  assert.equal((await reply('join', { type: 'full', room: 'busy', capacity: 2 })).signal.description.type, 'offer', 'the same offer tried again');
  assert.equal((await refused).code, 'full');
  assert.equal(parley.preparedLink, ahead, 'kept again');

  const calling = parley.call('bob', stream);
  await reply('call', { type: 'ringing', call: 'c1', to: 'bob' });
  const call = await calling;
  await serverSays({ type: 'accepted', call: 'c1' });
  assert.equal(call.link, ahead);
  assert.deepEqual(signals().map(f => [f.call, f.data.description?.type]), [['c1', 'offer']], 'the offer made ahead, once');
  assert.deepEqual(ahead.pc.log, ['setLocalDescription offer'], 'no second offer');
  parley.close();
  await settle();
});

test('a server that does not relay a join\'s payload (an older node) gets the offer after joined, as a signal', async () => {
  const parley = await connected({}, { features: [] });
  const stream = new MediaStream();
  parley.prepareCall(stream);
  await settle();
  const joining = parley.joinCall('r', stream);
  assert.equal((await reply('join', { type: 'joined', room: 'r', peers: [{ id: 's-bob', name: 'bob' }] })).signal, undefined);
  await joining;
  assert.deepEqual(signals().map(f => [f.to, f.data.description?.type]), [['s-bob', 'offer']]);
  parley.close();
  await settle();
});

test('an offer out with a join that may have reached someone is never offered again; cancelling meanwhile closes its link', async () => {
  const { parley, stream, link: ahead } = await madeAhead();
  const unanswered = parley.joinCall('r', stream).catch(e => e);
  await settle();
  assert.equal(sentSince().find(f => f.type === 'join').signal.description.type, 'offer');
  parley.prepareCall(stream); // asked again while its offer is out: not made twice
  assert.equal(parley.preparedLink, null);
  await fake.clock.advance(parley.requestTimeoutMs, settle);
  assert.equal((await unanswered).code, 'timeout');
  assert.equal(ahead.pc.signalingState, 'closed', 'the join may have reached the server: its offer is not kept');
  assert.equal(parley.preparedLink, null);

  parley.prepareCall(stream);
  await settle();
  const second = parley.preparedLink;
  const cancelled = parley.joinCall('r', stream).catch(e => e);
  await settle();
  parley.cancelPreparedCall();
  assert.equal(second.pc.signalingState, 'closed', 'cancelled while its offer was out');
  parley.close();
  await settle();
  assert.ok(await cancelled);
});

test('a call that answers makes its own link; the one made ahead stays for a call that offers, and goes when cancelled', async () => {
  const { parley, stream, link: ahead } = await madeAhead();
  const joining = parley.joinCall('r', stream);
  await reply('join', { type: 'joined', room: 'r', peers: [] });
  const call = await joining;
  await serverSays({ type: 'peer-joined', room: 'r', peer: { id: 's-bob', name: 'bob' } });
  assert.ok(call.link && call.link !== ahead, 'the answering side has a link of its own');
  assert.equal(call.link.polite, true);
  assert.equal(parley.preparedLink, ahead);
  parley.cancelPreparedCall();
  assert.equal(ahead.pc.signalingState, 'closed');
  assert.equal(parley.preparedLink, null);
  parley.close();
  await settle();
});

test('only a call with the same stream takes it, and closing the connection closes it', async () => {
  const parley = await connected();
  parley.prepareCall(new MediaStream());
  await settle();
  const ahead = parley.preparedLink;
  const joining = parley.joinCall('r', new MediaStream());
  await reply('join', { type: 'joined', room: 'r', peers: [{ id: 's-bob', name: 'bob' }] });
  assert.notEqual((await joining).link, ahead);
  parley.close();
  await settle();
  assert.equal(ahead.pc.signalingState, 'closed');
  assert.equal(parley.preparedLink, null);
});

test('a link made ahead that no longer fits the stream (a device switched) is closed, not taken; a call ending closes one it never took', async () => {
  const parley = await connected();
  const camera = { kind: 'video', id: 'cam-1', readyState: 'live', enabled: true, stop() { this.readyState = 'ended'; } };
  const stream = new MediaStream([camera]);
  parley.prepareCall(stream);
  await settle();
  const ahead = parley.preparedLink;
  stream.removeTrack(camera); // switchCamera puts another track in its place
  stream.addTrack({ kind: 'video', id: 'cam-2', readyState: 'live', enabled: true, stop() {} });
  const joining = parley.joinCall('r', stream);
  await reply('join', { type: 'joined', room: 'r', peers: [{ id: 's-bob', name: 'bob' }] });
  const call = await joining;
  assert.notEqual(call.link, ahead, 'a link of its own, with the track now in the stream');
  assert.equal(ahead.pc.signalingState, 'closed');

  parley.prepareCall(stream); // made again, and this time the call answers and ends without it
  await settle();
  const unused = parley.preparedLink;
  call.hangup().catch(() => {}); // ends at once; the server's answer to the leave does not matter here
  await settle();
  assert.equal(unused.pc.signalingState, 'closed');
  assert.equal(parley.preparedLink, null);
  parley.close();
  await settle();
});

test('a link made ahead to answer waits for the offer without making one; the call that answers takes it and its answer goes at once', async () => {
  const parley = await connected();
  const stream = new MediaStream();
  const joining = parley.joinCall('r', stream);
  await reply('join', { type: 'joined', room: 'r', peers: [] });
  const call = await joining;
  parley.prepareCall(stream, { answer: true }); // waiting alone: whoever joins will offer
  await settle();
  const ahead = parley.preparedLink;
  assert.equal(ahead.polite, true);
  assert.deepEqual(ahead.pc.log, [], 'no offer of its own');

  await serverSays({ type: 'peer-joined', room: 'r', peer: { id: 's-bob', name: 'bob' } });
  assert.equal(call.link, ahead, 'the answering call took it');
  assert.equal(parley.preparedLink, null);
  await serverSays({ type: 'signal', room: 'r', from: 's-bob', data: { description: { type: 'offer', sdp: 'bob' } } });
  await settle();
  assert.deepEqual(ahead.pc.log, ['setRemoteDescription offer', 'setLocalDescription answer']);
  assert.deepEqual(signals().map(f => [f.to, f.data.description?.type]), [['s-bob', 'answer']]);
  parley.close();
  await settle();
});

test('a call in the other role leaves a link made ahead alone: one to answer is not an offer', async () => {
  const parley = await connected();
  const stream = new MediaStream();
  parley.prepareCall(stream, { answer: true });
  await settle();
  const ahead = parley.preparedLink;
  const joining = parley.joinCall('r', stream);
  await reply('join', { type: 'joined', room: 'r', peers: [{ id: 's-bob', name: 'bob' }] });
  const call = await joining;
  assert.notEqual(call.link, ahead, 'the newcomer offers over a link of its own');
  assert.equal(call.link.polite, false);
  assert.equal(parley.preparedLink, ahead);
  parley.prepareCall(stream); // the other role for the same stream: made anew
  await settle();
  assert.equal(ahead.pc.signalingState, 'closed');
  assert.equal(parley.preparedLink.polite, false);
  parley.close();
  await settle();
});

test('asked again for the same stream and role, a link made ahead is kept while it is usable and made anew once closed', async () => {
  const parley = await connected();
  const stream = new MediaStream();
  parley.prepareCall(stream, { answer: true });
  const first = parley.preparedLink;
  parley.prepareCall(stream, { answer: true });
  assert.equal(parley.preparedLink, first, 'kept');
  first.close();
  parley.prepareCall(stream, { answer: true });
  assert.notEqual(parley.preparedLink, first, 'a closed one is replaced');
  assert.equal(parley.preparedLink.pc.signalingState, 'stable');
  parley.close();
  await settle();
});
