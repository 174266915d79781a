'use strict';
// One real socket.io client (socket.io-client 2.x or 4.x from this directory's lockfile), driven by a
// Java test over stdin/stdout with one JSON object per line (NodeSocketIoClient.java is the other end).
//
// Commands (stdin):
//   {"cmd":"connect","version":2|4,"url":"http://127.0.0.1:8080","options":{...}}
//       options go to io(url, options) unchanged: transports, query, auth (4.x), extraHeaders, path,
//       reconnection, forceNew... One connect per process: a second one is refused.
//   {"cmd":"emit","event":"join","args":[123456]}
//   {"cmd":"disconnect"}          socket.disconnect(), as a page's code would call it
//   {"cmd":"exit"}                ends the process (closing stdin does too)
// Output (stdout):
//   {"type":"ready","versions":{...}}                         once, at start
//   {"type":"connect","id":socket.id,"engineId":...,"transport":"polling"|"websocket"}
//   {"type":"event","event":name,"args":[...],"ack":bool}     every event the library delivers, its
//                                                             args as delivered (an ack function, if
//                                                             the server asked for one, is left out)
//   {"type":"disconnect","reason":...}
//   {"type":"connect_error","message":...,"data":...}
//   {"type":"error","data":...}                               2.x's 'error' (e.g. a refused namespace)
//   {"type":"reconnect_attempt"|"reconnect"|"reconnect_failed","args":[...]}
//   {"type":"open","engineId":...,"transport":...}            the Engine.IO connection opened
//   {"type":"upgrade","transport":...}                        Engine.IO switched transports
//   {"type":"failure","message":...}                          a bad command; the client carries on
//
// Binary args (Buffer, ArrayBuffer, typed arrays) come out as {"$binary":"<base64>"}; undefined as null.

const versions = {
  2: { lib: require('sio2'), version: require('sio2/package.json').version },
  4: { lib: require('sio4'), version: require('sio4/package.json').version },
};

// Bounded: a line longer than this is refused rather than buffered without end.
const MAX_LINE = 4 * 1024 * 1024;

function out(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function plain(v) {
  if (v === undefined) return null;
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? null : v;
  if (Buffer.isBuffer(v)) return { $binary: v.toString('base64') };
  if (v instanceof ArrayBuffer) return { $binary: Buffer.from(v).toString('base64') };
  if (ArrayBuffer.isView(v)) return { $binary: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (Array.isArray(v)) return v.map(plain);
  const o = {};
  for (const k of Object.keys(v)) o[k] = plain(v[k]);
  return o;
}

function record(args) {
  const hasAck = args.length > 0 && typeof args[args.length - 1] === 'function';
  const values = hasAck ? args.slice(0, -1) : args;
  return { args: values.map(plain), ack: hasAck };
}

let socket = null;
let version = null;

function watchEngine(manager) {
  manager.on('open', () => {
    const engine = manager.engine;
    out({ type: 'open', engineId: engine.id, transport: engine.transport && engine.transport.name });
    engine.on('upgrade', (transport) => out({ type: 'upgrade', transport: transport.name }));
  });
  for (const name of ['reconnect_attempt', 'reconnect', 'reconnect_failed']) {
    manager.on(name, (...args) => out({ type: name, args: args.map(plain) }));
  }
}

function connect(cmd) {
  if (socket) throw new Error('already connected once; start another client');
  const entry = versions[cmd.version];
  if (!entry) throw new Error('version must be 2 or 4, not ' + JSON.stringify(cmd.version));
  version = cmd.version;
  socket = entry.lib(cmd.url, cmd.options || {});
  watchEngine(socket.io);

  socket.on('connect', () => {
    const engine = socket.io.engine;
    out({ type: 'connect', id: socket.id, engineId: engine.id, transport: engine.transport.name });
  });
  socket.on('disconnect', (reason) => out({ type: 'disconnect', reason: plain(reason) }));
  socket.on('connect_error', (err) => out({
    type: 'connect_error',
    message: err && err.message !== undefined ? err.message : plain(err),
    data: err && err.data !== undefined ? plain(err.data) : null,
  }));

  if (version === 4) {
    socket.onAny((event, ...args) => out({ type: 'event', event, ...record(args) }));
  } else {
    // 2.x has no onAny: its Socket.onevent is where every incoming event passes (packet.data is
    // [event, ...args]; the library appends the ack function itself when the packet asked for one).
    socket.on('error', (data) => out({ type: 'error', data: plain(data) }));
    const onevent = socket.onevent;
    socket.onevent = function (packet) {
      const data = packet.data || [];
      const r = record(data.slice(1));
      out({ type: 'event', event: data[0], args: r.args, ack: packet.id != null });
      return onevent.call(this, packet);
    };
  }
}

function handle(line) {
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (e) {
    out({ type: 'failure', message: 'not JSON: ' + e.message });
    return;
  }
  try {
    switch (cmd.cmd) {
      case 'connect':
        connect(cmd);
        break;
      case 'emit':
        if (!socket) throw new Error('emit before connect');
        if (typeof cmd.event !== 'string') throw new Error('emit needs an event name');
        socket.emit(cmd.event, ...(Array.isArray(cmd.args) ? cmd.args : []));
        break;
      case 'disconnect':
        if (socket) socket.disconnect();
        break;
      case 'exit':
        process.exit(0);
        break;
      default:
        throw new Error('unknown command ' + JSON.stringify(cmd.cmd));
    }
  } catch (e) {
    out({ type: 'failure', message: e.message });
  }
}

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let nl;
  while ((nl = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    if (line.trim()) handle(line);
  }
  if (pending.length > MAX_LINE) {
    out({ type: 'failure', message: 'line longer than ' + MAX_LINE + ' characters dropped' });
    pending = '';
  }
});
// The Java side closing its end (or dying) ends this client: no orphaned node processes.
process.stdin.on('end', () => process.exit(0));

out({ type: 'ready', versions: { 2: versions[2].version, 4: versions[4].version }, node: process.version });
