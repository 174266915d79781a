'use strict';
// The signaling server of seed 002 (../../shared/seeds/002_*.txt), as written there: rooms of two,
// join/joined/otherjoined/full, message relay to the room, leave/bye, clean-up on disconnect.
// Changes, all in its favour as an anchor: the port comes from PORT; with QUIET=1 its
// console.log on every message is silenced (logging would otherwise dominate its cost); the CORS
// list is irrelevant to a Node client and kept.
let http = require('http');
const { Server } = require('socket.io');
let express = require('express');

if (process.env.QUIET) console.log = () => {};
// Measurement hook for bench/signaling (not in the seed): on SIGUSR2, collect garbage (node
// --expose-gc) and write the heap in use, as the benchmark does for Parley with jcmd.
if (process.env.HEAP_FILE) {
  process.on('SIGUSR2', () => {
    global.gc?.();
    require('fs').writeFileSync(process.env.HEAP_FILE, String(process.memoryUsage().heapUsed));
  });
}

const MaxUserNum = 2;
let app = express();
const roomsInfo = {};
const userRoomInfo = {};

let http_server = http.createServer(app);
http_server.listen(Number(process.env.PORT || 8081), '127.0.0.1');

const io = new Server(http_server, {
  cors: { origin: ['http://127.0.0.1:3000', 'http://localhost:3000'], credentials: true },
});

io.sockets.on('connection', socket => {
  console.log('got a connection');
  socket.on('message', ({ roomId, data }) => {
    console.log('message , room: ' + roomId + ', data , type:' + data.type);
    socket.to(roomId).emit('message', data);
  });

  socket.on('join', ({ roomId }) => {
    if (!roomId) return;
    socket.join(roomId);
    console.log(`${socket.id} join ${roomId}`);
    if (!roomsInfo[roomId]) roomsInfo[roomId] = {};
    roomsInfo[roomId][socket.id] = socket;
    if (!userRoomInfo[socket.id]) userRoomInfo[socket.id] = [];
    userRoomInfo[socket.id].push(roomId);
    let userNum = Object.keys(roomsInfo[roomId]).length;
    if (userNum <= MaxUserNum) {
      socket.emit('joined', { roomId, userNum });
      if (userNum > 1) socket.to(roomId).emit('otherjoined', { roomId, userId: socket.id });
    } else {
      socket.leave(roomId);
      socket.emit('full', { roomId, userNum });
    }
  });

  const onLeave = ({ roomId }) => {
    if (!roomId) return;
    socket.leave(roomId);
    roomsInfo[roomId] && roomsInfo[roomId][socket.id] && delete roomsInfo[roomId][socket.id];
    userRoomInfo[socket.id] && (userRoomInfo[socket.id] = userRoomInfo[socket.id].filter(id => id !== roomId));
    console.log('someone leaved the room, the user number of room is: ', roomsInfo[roomId] ? Object.keys(roomsInfo[roomId]).length : 0);
    socket.to(roomId).emit('bye', { roomId, userId: socket.id });
    socket.emit('leaved', { roomId });
  };

  socket.on('leave', onLeave);
  socket.on('disconnect', () => {
    console.log(socket.id, 'disconnect, and clear user`s Room', userRoomInfo[socket.id]);
    if (userRoomInfo[socket.id]) {
      userRoomInfo[socket.id].forEach(roomId => onLeave({ roomId }));
      delete userRoomInfo[socket.id];
    }
  });
});
