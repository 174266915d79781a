// CallRecorder's stop() on fake MediaRecorder and AudioContext objects: the file holds what the
// recorder handed over, also what it hands over after its stop event (as Firefox 153 does when its
// muxer waited for a track), and stop() waits for such late data only so long.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { install, FakeMediaStream } from '../../conformance/fake-rtc.mjs';
import { FakeClock } from '../../conformance/fake-clock.mjs';

install();
const { CallRecorder } = await import('../sdk/parley-record.js');

/** A MediaRecorder whose data and stop events the test fires, in the order it chooses. */
class FakeRecorder extends EventTarget {
  static last = null;
  static isTypeSupported(type) { return type === 'video/webm;codecs=vp8,opus'; }
  constructor(stream, options) {
    super();
    Object.assign(this, { stream, options, state: 'inactive' });
    FakeRecorder.last = this;
  }
  start(timeslice) { this.state = 'recording'; this.timeslice = timeslice; }
  stop() { this.stopAsked = true; }
  /** Hands over `bytes` bytes. */
  data(bytes) { this.ondataavailable?.(Object.assign(new Event('dataavailable'), { data: new Blob([new Uint8Array(bytes)]) })); }
  /** Fires the stop event, and lets stop() go on to wait for late data. */
  async stopped() { this.state = 'inactive'; this.onstop?.(new Event('stop')); await settle(); }
}

class FakeAudioContext {
  state = 'suspended';
  createMediaStreamDestination() { return { stream: new FakeMediaStream([{ kind: 'audio', readyState: 'live' }]) }; }
  createMediaStreamSource() { return { connect() {}, disconnect() {} }; }
  close() { this.state = 'closed'; }
}

const clock = new FakeClock();
const settle = () => new Promise(resolve => setImmediate(resolve));
const track = kind => ({ kind, readyState: 'live' });

beforeEach(() => {
  Object.assign(globalThis, { MediaRecorder: FakeRecorder, AudioContext: FakeAudioContext });
  clock.install();
});
afterEach(() => clock.uninstall());

/** A recorder of one remote stream, recording; and its stop() under way. */
async function stopping() {
  const remote = new FakeMediaStream([track('video'), track('audio')]);
  const recorder = new CallRecorder(remote, new FakeMediaStream([track('audio')]));
  await settle();
  const fake = FakeRecorder.last;
  assert.equal(fake.state, 'recording');
  assert.equal(fake.options.mimeType, 'video/webm;codecs=vp8,opus');
  assert.deepEqual(fake.stream.getTracks().map(t => t.kind), ['video', 'audio'], 'the video as it is, and the mix');
  let result = null;
  recorder.stop().then(r => { result = r; });
  await settle();
  assert.ok(fake.stopAsked);
  return { fake, result: () => result };
}

test('data handed over before the stop event is the file, once the recorder has been quiet for 250 ms', async () => {
  const { fake, result } = await stopping();
  fake.data(1000);
  fake.data(0);
  await fake.stopped();
  await clock.advance(249, settle);
  assert.equal(result(), null, 'still waiting: late data may come');
  await clock.advance(1, settle);
  assert.equal(result().blob.size, 1000);
  assert.equal(result().blob.type, 'video/webm;codecs=vp8,opus');
});

test('data handed over after the stop event (Firefox, when its muxer waited for a track) is in the file', async () => {
  const { fake, result } = await stopping();
  fake.data(0);
  await fake.stopped();
  await clock.advance(6, settle);
  fake.data(170_000);
  fake.data(0);
  await clock.advance(249, settle);
  assert.equal(result(), null, 'each hand-over starts the quiet period again');
  await clock.advance(1, settle);
  assert.equal(result().blob.size, 170_000);
});

test('nothing handed over: an empty file, 250 ms after the stop event', async () => {
  const { fake, result } = await stopping();
  await fake.stopped();
  await clock.advance(250, settle);
  assert.equal(result().blob.size, 0);
});

test('a recorder that never goes quiet is waited for 3 s at most', async () => {
  const { fake, result } = await stopping();
  await fake.stopped();
  for (let ms = 0; ms < 2900; ms += 100) {
    fake.data(10);
    await clock.advance(100, settle);
  }
  assert.equal(result(), null);
  fake.data(10);
  await clock.advance(100, settle);
  assert.equal(result().blob.size, 300);
});
