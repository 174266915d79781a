// The network test page's verdict (app/network-verdict.js): each situation a person can be in gets
// the sentence that tells them what to expect and what blocks them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TITLES, verdict, report } from '../app/network-verdict.js';

const step = (id, status, detail = '…') => ({ id, title: TITLES[id], status, detail });
const all = (overrides = {}) => ['devices', 'signaling', 'direct', 'stun', 'turn-udp', 'turn-tcp', 'turn-tls']
  .map(id => step(id, overrides[id] ?? 'pass'));

test('everything working: calls will work', () => {
  assert.deepEqual(verdict(all()), ['work', 'Calls will work.']);
});

test('no signaling: calls will fail, whatever else', () => {
  assert.deepEqual(verdict(all({ signaling: 'fail' })), ['fail', 'Calls will fail: this device cannot reach the Parley server.']);
});

test('UDP blocked but TURN over TCP and TLS working: calls will need the relay, and say what is blocked', () => {
  const [kind, text] = verdict(all({ stun: 'fail', 'turn-udp': 'fail' }));
  assert.equal(kind, 'relay');
  assert.equal(text, 'Calls will need the relay: this network blocks Through NAT (STUN), Relay over UDP, but the relay over TCP and TLS works.');
});

test('STUN and every relay failing (TURN stopped): calls will fail, naming each', () => {
  const [kind, text] = verdict(all({ stun: 'fail', 'turn-udp': 'fail', 'turn-tcp': 'fail', 'turn-tls': 'fail' }));
  assert.equal(kind, 'fail');
  assert.match(text, /^Calls will fail: your network blocks Through NAT \(STUN\), Relay over UDP, Relay over TCP, Relay over TLS\. Only calls within this local network may connect\.$/);
});

test('STUN working but the relay failing: calls work except through strict networks', () => {
  const [kind, text] = verdict(all({ 'turn-udp': 'fail', 'turn-tcp': 'fail', 'turn-tls': 'fail' }));
  assert.equal(kind, 'work');
  assert.match(text, /except with people on strict networks: the relay failed \(Relay over UDP, Relay over TCP, Relay over TLS\)/);
});

test('a server without a relay, and no TLS relay offered, are told apart from failures', () => {
  const noRelay = all({ 'turn-udp': 'skip', 'turn-tcp': 'skip', 'turn-tls': 'skip' });
  assert.deepEqual(verdict(noRelay), ['work', 'Calls will work, except with people on strict networks: this server offers no relay.']);
  assert.deepEqual(verdict(all({ 'turn-tls': 'skip' })), ['work', 'Calls will work.']);
});

test('a camera problem is added to the verdict, not hidden by it', () => {
  const results = all({ devices: 'fail' });
  results[0].detail = 'no camera or microphone was found';
  assert.equal(verdict(results)[1], 'Calls will work. (And the camera or microphone: no camera or microphone was found.)');
});

test('the report has where, when, each step and the verdict', () => {
  const text = report([step('signaling', 'pass', 'connected'), step('stun', 'fail', 'no answer')], 'Calls will fail.',
    { when: '2026-12-02T08:00:00Z', origin: 'https://calls.example.org', browser: 'Test/1.0' });
  assert.equal(text, ['Parley network test, 2026-12-02T08:00:00Z', 'Server: https://calls.example.org', 'Browser: Test/1.0', '',
    '[ok]   Connection to the server: connected', '[FAIL] Through NAT (STUN): no answer', '', 'Verdict: Calls will fail.'].join('\n'));
});

test('a server that hands out no STUN URL, with its relays working: calls will work, nothing is said blocked', () => {
  assert.deepEqual(verdict(all({ stun: 'skip', 'turn-tls': 'skip' })), ['work', 'Calls will work.']);
  const [kind, text] = verdict(all({ stun: 'skip', 'turn-udp': 'fail', 'turn-tcp': 'fail', 'turn-tls': 'skip' }));
  assert.equal(kind, 'fail');
  assert.match(text, /^Calls will fail: your network blocks Relay over UDP, Relay over TCP\./);
});

test('no STUN URL, the UDP relay blocked and the TCP one working: calls will need the relay', () => {
  const [kind, text] = verdict(all({ stun: 'skip', 'turn-udp': 'fail', 'turn-tls': 'skip' }));
  assert.equal(kind, 'relay');
  assert.equal(text, 'Calls will need the relay: this network blocks Relay over UDP, but the relay over TCP works.');
});

test('a step the test itself could not run is not said to be blocked by the network', () => {
  const results = all({ 'turn-tls': 'fail' });
  results.find(r => r.id === 'turn-tls').testError = true;
  assert.deepEqual(verdict(results), ['work', 'Calls will work.']);
});
