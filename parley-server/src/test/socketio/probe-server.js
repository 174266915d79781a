// A plain socket.io server (2.x or 4.x) that shows a client what it sent, to test the client harness
// itself: `node probe-server.js <2|4> <port>` (port 0: any free one; the chosen port is printed as JSON).
// On connection it emits 'probe' with what the handshake carried; every 'echo' comes back as 'echo'
// with the same arguments.
'use strict';
const http = require('http');
const version = Number(process.argv[2]);
const lib = version === 2 ? require('sio2-server') : require('sio4-server');

const server = http.createServer();
const io = version === 2 ? lib(server) : new lib.Server(server);

io.on('connection', (socket) => {
  const handshake = socket.handshake;
  socket.emit('probe', {
    id: socket.id,
    engineId: socket.conn.id,
    transport: socket.conn.transport.name,
    query: handshake.query,
    auth: handshake.auth === undefined ? null : handshake.auth,
    header: handshake.headers['x-parley-test'] === undefined ? null : handshake.headers['x-parley-test'],
  });
  socket.on('echo', (...args) => socket.emit('echo', ...args));
});

server.on('listening', () => {
  process.stdout.write(JSON.stringify({ listening: server.address().port }) + '\n');
});
server.listen(Number(process.argv[3] || 0), '127.0.0.1');
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
