// What the network test's steps mean for a call (/test): pure functions of the steps' outcomes, so
// the wording of every case is tested without a browser (test/network-verdict.test.mjs).

export const TITLES = {
  devices: 'Camera and microphone', signaling: 'Connection to the server', direct: 'Direct',
  stun: 'Through NAT (STUN)', 'turn-udp': 'Relay over UDP', 'turn-tcp': 'Relay over TCP', 'turn-tls': 'Relay over TLS',
};

/**
 * The verdict on steps {id, title, status: 'pass'|'warn'|'fail'|'skip', detail}: [kind, sentence],
 * kind 'work' (calls will work), 'relay' (they need the relay) or 'fail'.
 */
export function verdict(results) {
  const by = id => results.find(r => r.id === id);
  if (by('signaling')?.status !== 'pass') return ['fail', 'Calls will fail: this device cannot reach the Parley server.'];
  const relays = results.filter(r => r.id.startsWith('turn-') && r.status !== 'skip');
  const working = relays.filter(r => r.status === 'pass').map(r => r.title.replace('Relay over ', ''));
  // What the network blocks: failures of the network, not of the test itself (testError).
  const blocked = results.filter(r => (r.id === 'stun' || r.id.startsWith('turn-')) && r.status === 'fail' && !r.testError).map(r => r.title);
  const stunWorks = by('stun')?.status === 'pass';
  // No STUN server handed out (a server pointing at an external TURN server only): nothing to hold against the network.
  const stunUntried = by('stun')?.status === 'skip';
  const devices = by('devices')?.status === 'fail' ? ` (And the camera or microphone: ${by('devices').detail}.)` : '';
  if (stunWorks && relays.length === 0) {
    return ['work', `Calls will work, except with people on strict networks: this server offers no relay.${devices}`];
  }
  if ((stunWorks || (stunUntried && blocked.length === 0)) && working.length > 0) return ['work', `Calls will work.${devices}`];
  if (working.length > 0) {
    return ['relay', `Calls will need the relay: this network blocks ${blocked.join(', ')}, but the relay over ${working.join(' and ')} works.${devices}`];
  }
  if (stunWorks) return ['work', `Calls will work, except with people on strict networks: the relay failed (${blocked.join(', ')}).${devices}`];
  return ['fail', `Calls will fail: your network blocks ${blocked.join(', ') || 'every way to this server'}. `
    + `Only calls within this local network may connect.${devices}`];
}

/** The copyable report: where and when, each step, the verdict. */
export function report(results, verdictText, { when, origin, browser }) {
  const marks = { pass: '[ok]  ', warn: '[warn]', fail: '[FAIL]', skip: '[skip]' };
  return [`Parley network test, ${when}`, `Server: ${origin}`, `Browser: ${browser}`, '',
    ...results.map(r => `${marks[r.status]} ${r.title}: ${r.detail}`), '', `Verdict: ${verdictText}`].join('\n');
}
