// A Parley connection over the conformance fakes (a WebSocket in memory, a clock that moves only
// when told to, the fake WebRTC engine), with the server's side scripted by the test.
import { beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FakeNetwork } from '../../conformance/fake-socket.mjs';
import { FakeClock } from '../../conformance/fake-clock.mjs';
import { install, settle, discardTasks } from '../../conformance/fake-rtc.mjs';

install();
export const sdk = await import('../sdk/parley.js');

export const URL = 'ws://parley.test/ws';
const LIMITS = { maxFrameBytes: 65536, roomCapacity: 2, maxRoomsPerSession: 8, callTimeoutSeconds: 30, resumeGraceSeconds: 30 };

/** The fakes, made afresh for each test of the file that imports this. */
export const fake = { clock: null, network: null };
let random;
beforeEach(() => {
  fake.clock = new FakeClock();
  fake.network = new FakeNetwork();
  fake.clock.install();
  fake.network.install();
  random = Math.random;
  Math.random = () => 0.5; // no spread in the back-off: 250 ms is 250 ms
});
afterEach(() => {
  Math.random = random;
  fake.network.uninstall();
  fake.clock.uninstall();
  discardTasks();
});

/** Frames the client sent since the last call, socket markers left out. */
export function sentSince() {
  return fake.network.sent.splice(0).filter(f => !('socket' in f));
}

/** Answers the client's hello with a welcome; returns the hello. */
export async function welcomed({ resumed = false, token = 'resume-1', session = 's1', features = ['join-signal'] } = {}) {
  await settle();
  const hello = sentSince().find(f => f.type === 'hello');
  assert.ok(hello, 'the client said hello');
  fake.network.deliver([{ type: 'welcome', ref: hello.id, session, user: { id: session }, protocol: 1, limits: LIMITS,
    iceServers: [], resumeToken: token, resumed, features }]);
  await settle();
  return hello;
}

/** A Parley connected and welcomed (`welcome`: what welcomed() takes). */
export async function connected(options = {}, welcome = {}) {
  const parley = new sdk.Parley({ url: URL, ...options });
  const connecting = parley.connect();
  await welcomed(welcome);
  await connecting;
  return parley;
}

/** Sends the server's messages and lets the client handle them. */
export async function serverSays(...messages) {
  fake.network.deliver(messages);
  await settle();
}

/** Answers the client's one pending request of this type with `reply` (its ref filled in). */
export async function reply(type, answer) {
  await settle();
  const request = sentSince().find(f => f.type === type);
  assert.ok(request, `the client sent ${type}`);
  await serverSays({ ...answer, ref: request.id });
  return request;
}
