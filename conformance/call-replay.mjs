// Replays one case of call.json against the JS SDK: its Parley (parley.js, with its real reconnect
// code) over a fake WebSocket (fake-socket.mjs), its calls over the fake engine (fake-rtc.mjs), its
// timers on a fake clock, the server scripted by the vector. The JS twin of parley-client's
// CallConformanceTest (README.md, "call.json").
import assert from 'node:assert/strict';
import { FakeClock } from './fake-clock.mjs';
import { FakeNetwork } from './fake-socket.mjs';
import { settle } from './fake-rtc.mjs';
import { Captures } from './vectors.mjs';

const URL = 'ws://parley.test/ws';

/** A frame or message the script sends, its captures resolved: a $name not captured yet is a mistake in the vector. */
function resolved(captures, value, what) {
  const out = captures.resolve(value);
  const text = JSON.stringify(out);
  const left = /"(\$[^"]*)"/.exec(text);
  if (left) throw new Error(`${what} ${text} uses ${left[1]} before any expect captured it`);
  return out;
}
const mismatch = (what, where, expected, actual) => `${what} at ${where}:\n  expected ${JSON.stringify(expected)}\n  actual   ${JSON.stringify(actual)}`;
/** How the vectors name a peer: a room member by session id, the other side of a direct call by name. */
const key = peer => peer?.id ?? peer?.name ?? null;

/** @param {{Parley: Function}} sdk the module parley.js */
export async function callCase(spec, warnings, { Parley }) {
  const clock = new FakeClock();
  const network = new FakeNetwork();
  const random = Math.random;
  const PeerConnection = globalThis.RTCPeerConnection;
  const made = { count: 0 };
  clock.install();
  network.install();
  Math.random = () => 0.5; // the back-off's spread, fixed as in the Java replay
  globalThis.RTCPeerConnection = class extends PeerConnection {
    constructor(configuration) {
      super(configuration);
      made.count++;
    }
  };
  try {
    await new CallReplay(spec, warnings, new Parley({ url: URL, name: spec.user }), clock, network, made).run();
  } finally {
    globalThis.RTCPeerConnection = PeerConnection;
    Math.random = random;
    network.uninstall();
    clock.uninstall();
  }
}

class CallReplay {
  captures = new Captures();
  states = [];
  events = [];
  call = null;
  incoming = null;
  seenFrames = 0;
  seenLog = new Map(); // link → engine log entries an expect has seen
  seenControl = new Map(); // link → control messages an expect has seen

  constructor(spec, warnings, parley, clock, network, made) {
    Object.assign(this, { spec, warnings, parley, clock, network, made });
    const event = e => this.events.push(e);
    parley.addEventListener('incoming', ({ detail: { incoming } }) => {
      this.incoming = incoming;
      event({ type: 'incoming', call: incoming.call, from: incoming.from });
      incoming.addEventListener('cancelled', ({ detail: { reason } }) => event({ type: 'cancelled', reason }));
    });
    parley.addEventListener('reconnecting', ({ detail: { attempt, delayMs, code } }) => event({ type: 'reconnecting', attempt, delayMs, code }));
    for (const type of ['resumed', 'restored']) parley.addEventListener(type, () => event({ type }));
    parley.addEventListener('rejoined', ({ detail: { room, peers } }) => event({ type: 'rejoined', room, peers: peers.map(key) }));
    parley.addEventListener('room-lost', ({ detail: { room, error } }) => event({ type: 'room-lost', room, code: error.code }));
    parley.addEventListener('close', ({ detail: { code } }) => event({ type: 'close', code }));
  }

  async run() {
    let n = 0;
    for (const step of this.spec.steps) {
      n++;
      if ('api' in step) this.api(step.api);
      else if ('server' in step) this.network.deliver([step.server].flat().map(f => resolved(this.captures, f, 'server frame')));
      else if ('socket' in step) this.socket(step.socket);
      else if ('engine' in step) this.engine(this.link(step.link), step.engine);
      else if ('wait' in step) await this.clock.advance(step.wait, settle);
      else if (!('expect' in step)) throw new Error(`unknown step ${JSON.stringify(step)}`);
      await settle();
      if ('expect' in step) this.expect(n, step.expect);
    }
  }

  api(a) {
    const [name, arg] = typeof a === 'string' ? [a, undefined] : Object.entries(a)[0];
    const failed = e => this.events.push({ type: 'failed', api: name, code: e?.code ?? null });
    const adopt = c => this.adopt(c);
    const media = () => new MediaStream();
    switch (name) {
      case 'connect': this.parley.connect().catch(failed); break;
      case 'joinCall': this.parley.joinCall(arg, media()).then(adopt, failed); break;
      case 'joinGroup': this.parley.joinGroup(arg, media()).then(adopt, failed); break;
      case 'call': this.parley.call(arg, media()).then(adopt, failed); break;
      case 'accept': this.incoming.accept(media()).then(adopt, failed); break;
      case 'reject': this.incoming.reject(arg ?? undefined).catch(failed); break;
      case 'hangup': this.call.hangup().catch(failed); break;
      case 'chat':
        try { this.call.chat(arg); } catch (e) { failed(e); }
        break;
      case 'close': this.parley.close(); break;
      default: throw new Error(`unknown api step ${JSON.stringify(a)}`);
    }
  }

  /** A call the API handed over: its state then is the first of its states. */
  adopt(c) {
    this.call = c;
    this.states.push([c.state, null]);
    c.addEventListener('state', ({ detail: { state, reason, detail } }) => {
      this.states.push(detail === undefined ? [state, reason ?? null] : [state, reason ?? null, detail]);
    });
    for (const type of ['peer-joined', 'peer-left', 'peer-away', 'peer-back']) {
      c.addEventListener(type, ({ detail: { peer } }) => this.events.push({ type, peer: key(peer) }));
    }
    c.addEventListener('chat-delivered', ({ detail: { id } }) => this.events.push({ type: 'chat-delivered', id }));
  }

  socket(s) {
    if ('close' in s) this.network.drop(s.close);
    else if ('refuse' in s) this.network.refusing = s.refuse;
    else throw new Error(`unknown socket step ${JSON.stringify(s)}`);
  }

  /** The current call's links, ordered by peer: [{peer, link}]. */
  links() {
    const c = this.call;
    if (!c) return [];
    if (c.members) return [...c.members.values()].map(m => ({ peer: key(m), link: m.link })).sort((a, b) => (a.peer < b.peer ? -1 : 1));
    return c.link ? [{ peer: key(c.peer), link: c.link }] : [];
  }

  link(peer) {
    const all = this.links();
    const found = peer === undefined ? (all.length === 1 ? all[0] : null) : all.find(l => l.peer === peer);
    assert.ok(found, `no link ${peer ?? '(the only one)'} among ${JSON.stringify(all.map(l => l.peer))}`);
    return found.link;
  }

  engine(link, e) {
    const pc = link.pc;
    if (e === 'negotiationneeded') pc._negotiationNeeded();
    else if ('candidateWhileDescribing' in e) pc.candidateWhileDescribing = e.candidateWhileDescribing;
    else if ('candidate' in e) pc._reportCandidate(e.candidate);
    else if ('ice' in e) pc._ice(e.ice);
    else if ('connection' in e) pc._connection(e.connection);
    else if (e.control === 'open') pc.channel('parley')._open();
    else if ('control' in e) pc.channel('parley')._deliver(JSON.stringify(resolved(this.captures, e.control, 'control message')));
    else throw new Error(`unknown engine step ${JSON.stringify(e)}`);
  }

  expect(n, expect) {
    const where = `step ${n}; warnings ${JSON.stringify(this.warnings)}`;
    const frames = this.network.sent.slice(this.seenFrames).filter(f => f.type !== 'ack');
    this.seenFrames = this.network.sent.length;
    const states = this.states.splice(0);
    const events = this.events.splice(0);
    const links = this.links().map(({ peer, link }) => {
      const log = link.pc.log.slice(this.seenLog.get(link) ?? 0);
      this.seenLog.set(link, link.pc.log.length);
      const sent = link.pc.channel('parley').sent;
      const control = sent.slice(this.seenControl.get(link) ?? 0).map(t => JSON.parse(t));
      this.seenControl.set(link, sent.length);
      return { peer, polite: link.polite, log, control, trace: link.trace };
    });
    const traces = `${where}; traces ${JSON.stringify(links.map(l => l.trace))}`;
    const check = (what, expected, actual) => assert.ok(this.captures.match(expected, actual), mismatch(what, traces, expected, actual));
    if ('frames' in expect) check('frames', expect.frames, frames);
    if ('states' in expect) check('states', expect.states, states);
    if ('events' in expect) check('events', expect.events, events);
    if ('links' in expect) {
      // Each expected link says peer and polite, and may say `engine` (its log since the last expect).
      const actual = links.map(({ peer, polite, log }, i) => ('engine' in (expect.links[i] ?? {}) ? { peer, polite, engine: log } : { peer, polite }));
      check('links', expect.links, actual);
    }
    if ('peerConnections' in expect) assert.equal(this.made.count, expect.peerConnections, `peer connections made, ${traces}`);
    for (const [peer, messages] of Object.entries(expect.control ?? {})) {
      check(`control messages to ${peer}`, messages, links.find(l => l.peer === peer)?.control ?? null);
    }
  }
}
