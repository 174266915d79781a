// Load generator for bench/signaling: the same scenario against Parley (its WebSocket protocol) and
// against the seed's socket.io server. Pairs of sessions meet in a room of their own; one side sends
// sequence-numbered SDP- and ICE-sized messages to the other through the server, keeping a window
// of them in flight. Every message is checked on arrival: right pair (no misrouting), next sequence
// number (no loss, duplication or reordering); one-way latency is measured on one clock.
// Bounded: --messages per pair and --timeout seconds overall.
//
//   node load.mjs relay --target parley|anchor --url URL --pairs N --messages M --window W
//   node load.mjs idle  --target parley|anchor --url URL --sessions S   (joins, prints READY, holds until stdin closes)
import WebSocket from 'ws';
import { io } from 'socket.io-client';

const args = Object.fromEntries(process.argv.slice(3).reduce((a, v, i, all) => (i % 2 === 0 ? [...a, [v.replace(/^--/, ''), all[i + 1]]] : a), []));
const mode = process.argv[2];
const target = args.target, url = args.url;
const timeoutMs = Number(args.timeout ?? 120) * 1000;
const SDP = 'v=0 '.padEnd(1000, 'a=candidate:x '), ICE = 'candidate:1 1 udp 2122260223 127.0.0.1 '.padEnd(200, 'x');

setTimeout(() => { console.error(`gave up after ${timeoutMs / 1000} s`); process.exit(3); }, timeoutMs).unref();

/** One session: connect, join a room; send(data) relays to the room; onData(cb) receives. */
function session(room) {
  return new Promise((resolve, reject) => {
    if (target === 'parley') {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      let onData = () => {};
      ws.on('error', reject);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', id: 'h' })));
      ws.on('message', raw => {
        const m = JSON.parse(raw);
        if (m.type === 'welcome') ws.send(JSON.stringify({ type: 'join', id: 'j', room }));
        else if (m.type === 'joined') resolve({
          send: data => ws.send(JSON.stringify({ type: 'message', room, data })),
          onData: cb => { onData = cb; },
          close: () => new Promise(r => { ws.once('close', r); ws.close(); }),
        });
        else if (m.type === 'message') onData(m.data);
        else if (m.type === 'error' || m.type === 'full') reject(new Error(JSON.stringify(m)));
      });
    } else {
      const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
      let onData = () => {};
      s.on('connect_error', reject);
      s.on('connect', () => s.emit('join', { roomId: room }));
      s.on('joined', () => resolve({
        send: data => s.emit('message', { roomId: room, data }),
        onData: cb => { onData = cb; },
        close: () => new Promise(r => { s.once('disconnect', () => r()); s.close(); }),
      }));
      s.on('full', m => reject(new Error('full ' + JSON.stringify(m))));
      s.on('message', data => onData(data));
    }
  });
}

/** Rooms of this run only: sessions a previous run left behind cannot fill them. */
const RUN = Math.random().toString(36).slice(2, 8);

/** Closes every session with a close frame (a goodbye, so servers end them at once), then exits. */
async function closeAllAndExit(sessions) {
  await Promise.race([
    Promise.all(sessions.flatMap(({ a, b }) => [a.close(), b.close()])),
    new Promise(r => setTimeout(r, 10_000)),
  ]);
  process.exit(0);
}

async function openPairs(pairs) {
  const all = [];
  const BATCH = 200; // connect in batches: a burst of thousands of handshakes measures the accept queue, not signaling
  for (let i = 0; i < pairs; i += BATCH) {
    const batch = [];
    for (let p = i; p < Math.min(pairs, i + BATCH); p++) {
      batch.push(session(`bench-${RUN}-${p}`).then(a => session(`bench-${RUN}-${p}`).then(b => ({ p, a, b }))));
    }
    all.push(...await Promise.all(batch));
  }
  return all;
}

async function relay() {
  const pairs = Number(args.pairs), messages = Number(args.messages), window = Number(args.window ?? 8);
  const sessions = await openPairs(pairs);
  const latencies = new Float64Array(pairs * messages);
  let received = 0, lost = 0, duplicated = 0, misrouted = 0, done = 0;
  const start = performance.now();
  await new Promise(finish => {
    for (const { p, a, b } of sessions) {
      let sent = 0, expected = 0;
      const sendNext = () => {
        if (sent >= messages) return;
        const seq = sent++;
        a.send({ type: seq % 4 === 0 ? 'offer' : 'candidate', pair: p, seq, t: performance.now(), body: seq % 4 === 0 ? SDP : ICE });
      };
      b.onData(d => {
        const now = performance.now();
        if (d.pair !== p) { misrouted++; return; }
        if (d.seq < expected) { duplicated++; return; }
        if (d.seq > expected) lost += d.seq - expected;
        expected = d.seq + 1;
        latencies[received++] = now - d.t;
        if (expected >= messages) { if (++done === pairs) finish(); return; }
        sendNext();
      });
      for (let w = 0; w < window; w++) sendNext();
    }
  });
  const seconds = (performance.now() - start) / 1000;
  const sorted = latencies.subarray(0, received).sort();
  const q = f => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))];
  console.log(JSON.stringify({ target, pairs, messages: received, seconds, rate: received / seconds,
    p50: q(0.5), p99: q(0.99), max: sorted[sorted.length - 1], lost, duplicated, misrouted }));
  await closeAllAndExit(sessions);
}

async function idle() {
  const sessions = await openPairs(Number(args.sessions) / 2);
  console.log('READY ' + sessions.length * 2);
  process.stdin.resume();
  process.stdin.on('end', () => closeAllAndExit(sessions));
}

(mode === 'relay' ? relay() : idle()).catch(e => { console.error(e); process.exit(2); });
