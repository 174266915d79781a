// Load generator for bench/signaling: the same scenario against Parley (its WebSocket protocol) and
// against the seed's socket.io server. Pairs of sessions meet in a room of their own; one side sends
// sequence-numbered SDP- and ICE-sized messages to the other through the server, keeping a window
// of them in flight. Every message is checked on arrival: right pair (no misrouting), next sequence
// number (no loss, duplication or reordering); one-way latency is measured on one clock.
// Bounded: --messages per pair and --timeout seconds overall.
//
//   node load.mjs relay --target parley|anchor --url URL [--url-b URL] --pairs N --messages M --window W
//   node load.mjs idle  --target parley|anchor --url URL --sessions S   (joins, prints READY, holds until stdin closes)
//   node load.mjs joins --target parley --urls URL,URL,... --sessions S --cycles C
//
// --url-b: where the receiving side of each pair connects (another node of a cluster; default --url).
// joins: S sessions spread over the URLs in turn; sessions 2k and 2k+1 (so on two nodes when there
// are several) share a room and each joins and leaves it C times, one request at a time.
// --server-pids P,P,... and --redis-pid P: the CPU time (from /proc/<pid>/stat; --hz clock ticks a
// second) these processes spend from the first message (or join) to the last is part of the result.
// --acks 1 (Parley): sessions count what they receive and acknowledge it every second, as the web
// app does, so the server keeps (and in a cluster copies) what they may not have yet.
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import { readFileSync } from 'node:fs';

const args = Object.fromEntries(process.argv.slice(3).reduce((a, v, i, all) => (i % 2 === 0 ? [...a, [v.replace(/^--/, ''), all[i + 1]]] : a), []));
const mode = process.argv[2];
const target = args.target, url = args.url;
const timeoutMs = Number(args.timeout ?? 120) * 1000;
const ACKS = args.acks === '1';
const HZ = Number(args.hz ?? 100);
const pidList = v => (v ?? '').split(',').filter(Boolean);
const serverPids = pidList(args['server-pids']), redisPids = pidList(args['redis-pid']);
/** CPU seconds (user + system) the processes have used; the name in /proc/<pid>/stat may hold spaces, so count from its ')'. */
const cpuOf = pids => pids.reduce((sum, pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3, state
  return sum + (Number(fields[11]) + Number(fields[12])) / HZ; // fields 14 and 15: utime, stime
}, 0);
const cpuNow = () => ({ nodes: cpuOf(serverPids), redis: cpuOf(redisPids) });
const cpuSince = c0 => { const c1 = cpuNow(); return { nodes_cpu: c1.nodes - c0.nodes, redis_cpu: c1.redis - c0.redis }; };
const SDP = 'v=0 '.padEnd(1000, 'a=candidate:x '), ICE = 'candidate:1 1 udp 2122260223 127.0.0.1 '.padEnd(200, 'x');

setTimeout(() => { console.error(`gave up after ${timeoutMs / 1000} s`); process.exit(3); }, timeoutMs).unref();

/** A Parley connection past hello: request(msg) resolves with the reply; other messages go to onEvent. */
function parley(u) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(u, { perMessageDeflate: false });
    const pending = new Map();
    let next = 0, received = 0, acked = 0, counting = false, onEvent = () => {};
    const request = msg => new Promise((res, rej) => {
      const id = String(++next);
      pending.set(id, { res, rej });
      ws.send(JSON.stringify({ ...msg, id }));
    });
    ws.on('error', reject);
    ws.on('open', () => request({ type: 'hello', ...(ACKS ? { acks: true } : {}) }).then(() => {
      if (ACKS) {
        const timer = setInterval(() => {
          if (received === acked) return;
          acked = received;
          ws.send(JSON.stringify({ type: 'ack', received }));
        }, 1000);
        timer.unref();
        ws.once('close', () => clearInterval(timer));
      }
      resolve({
        request,
        send: msg => ws.send(JSON.stringify(msg)),
        onEvent: cb => { onEvent = cb; },
        close: () => new Promise(r => { ws.once('close', r); ws.close(); }),
      });
    }, reject));
    ws.on('message', raw => {
      const m = JSON.parse(raw);
      if (m.type === 'welcome') counting = true; // the server numbers what it sends after welcome
      else if (counting) received++;
      const p = m.ref !== undefined && pending.get(m.ref);
      if (!p) return onEvent(m);
      pending.delete(m.ref);
      if (m.type === 'error') p.rej(new Error(JSON.stringify(m)));
      else p.res(m);
    });
  });
}

/** One session: connect (to u), join a room; send(data) relays to the room; onData(cb) receives. */
function session(room, u = url) {
  return new Promise((resolve, reject) => {
    if (target === 'parley') {
      parley(u).then(c => c.request({ type: 'join', room }).then(r => {
        if (r.type !== 'joined') throw new Error(JSON.stringify(r));
        let onData = () => {};
        c.onEvent(m => { if (m.type === 'message') onData(m.data); });
        resolve({
          send: data => c.send({ type: 'message', room, data }),
          onData: cb => { onData = cb; },
          close: c.close,
        });
      })).catch(reject);
    } else {
      const s = io(u, { transports: ['websocket'], forceNew: true, reconnection: false });
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
      batch.push(session(`bench-${RUN}-${p}`).then(a => session(`bench-${RUN}-${p}`, args['url-b'] ?? url).then(b => ({ p, a, b }))));
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
  const start = performance.now(), cpu0 = cpuNow();
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
  const seconds = (performance.now() - start) / 1000, cpu = cpuSince(cpu0);
  const sorted = latencies.subarray(0, received).sort();
  const q = f => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))];
  console.log(JSON.stringify({ target, pairs, messages: received, seconds, rate: received / seconds,
    p50: q(0.5), p99: q(0.99), max: sorted[sorted.length - 1], lost, duplicated, misrouted, ...cpu }));
  await closeAllAndExit(sessions);
}

async function idle() {
  const sessions = await openPairs(Number(args.sessions) / 2);
  console.log('READY ' + sessions.length * 2);
  process.stdin.resume();
  process.stdin.on('end', () => closeAllAndExit(sessions));
}

async function joins() {
  const urls = args.urls.split(','), sessions = Number(args.sessions), cycles = Number(args.cycles);
  const conns = [];
  const BATCH = 200;
  for (let i = 0; i < sessions; i += BATCH) {
    const batch = [];
    for (let k = i; k < Math.min(sessions, i + BATCH); k++) batch.push(parley(urls[k % urls.length]));
    conns.push(...await Promise.all(batch));
  }
  const latencies = new Float64Array(sessions * cycles);
  let joined = 0, full = 0;
  const start = performance.now(), cpu0 = cpuNow();
  await Promise.all(conns.map(async (c, k) => {
    const room = `join-${RUN}-${k >> 1}`;
    for (let n = 0; n < cycles; n++) {
      const t = performance.now();
      const r = await c.request({ type: 'join', room });
      if (r.type === 'full') full++;
      latencies[joined++] = performance.now() - t;
      await c.request({ type: 'leave', room });
    }
  }));
  const seconds = (performance.now() - start) / 1000, cpu = cpuSince(cpu0);
  const sorted = latencies.subarray(0, joined).sort();
  const q = f => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))];
  console.log(JSON.stringify({ target, sessions, nodes: urls.length, joins: joined, seconds, rate: joined / seconds,
    p50: q(0.5), p99: q(0.99), max: sorted[sorted.length - 1], full, ...cpu }));
  await Promise.race([Promise.all(conns.map(c => c.close())), new Promise(r => setTimeout(r, 10_000))]);
  process.exit(0);
}

({ relay, idle, joins }[mode] ?? (() => Promise.reject(new Error('mode: relay, idle or joins'))))()
  .catch(e => { console.error(e); process.exit(2); });
