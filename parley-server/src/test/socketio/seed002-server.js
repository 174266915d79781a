// Seed 002's signaling server (shared/seeds/002_*.txt, "完整代码 / 信令服务器代码"), as the reference that
// Parley's seed 002 dialect is compared with. Test-only; run by ReferenceServer.java as
//   node seed002-server.js <port>      (port 0: any free one; the chosen port is printed as JSON)
//
// Changes from the article, and nothing else:
// - socket.io is this directory's "sio4-server" (socket.io 4.x; the article imports { Server } from
//   'socket.io', which is 3.x/4.x);
// - express is gone (its app only answers what socket.io does not handle; nothing reaches it here):
//   http.createServer() has no request handler of its own;
// - the port is the test's instead of 8081, and the chosen port is printed once listening.
// Everything else, the cors origin list included, is the article's.
'use strict ';

let http = require('http'); // 提供HTTP 服务
const { Server } = require('sio4-server');

const MaxUserNum = 2;

const roomsInfo = {};
const userRoomInfo = {};

//HTTP 服务
let http_server = http.createServer();
http_server.on('listening', () => {
  process.stdout.write(JSON.stringify({ listening: http_server.address().port }) + '\n');
});
http_server.listen(Number(process.argv[2] || 0), '127.0.0.1');

const io = new Server(http_server, {
  cors: {
    origin: ['http://127.0.0.1:3000', 'http://localhost:3000'],
    credentials: true,
  },
});

// 处理连接事件
io.sockets.on('connection', socket => {
  console.log('got a connection');
  // 用于转发sdp、candidate等消息
  socket.on('message', ({ roomId, data }) => {
    console.log('message , room: ' + roomId + ', data , type:' + data.type);
    socket.to(roomId).emit('message', data);
  });

  socket.on('join', ({ roomId }) => {
    if (!roomId) return;

    socket.join(roomId);

    console.log(`${socket.id} join ${roomId}`);

    // 登记房间用户
    if (!roomsInfo[roomId]) {
      roomsInfo[roomId] = {};
    }
    roomsInfo[roomId][socket.id] = socket;

    //登记用户房间
    if (!userRoomInfo[socket.id]) {
      userRoomInfo[socket.id] = [];
    }
    userRoomInfo[socket.id].push(roomId);

    let userNum = Object.keys(roomsInfo[roomId]).length;

    // 如果房间里人未满
    if (userNum <= MaxUserNum) {
      // 回复用户已经加入到房间里了
      socket.emit('joined', { roomId, userNum });

      // 通知另一个用户, 有人来了
      if (userNum > 1) {
        socket.to(roomId).emit('otherjoined', { roomId, userId: socket.id });
      }
    } else {
      // 如果房间里人满了
      socket.leave(roomId);
      // 回复用户房间满人了
      socket.emit('full', { roomId, userNum });
    }
  });

  const onLeave = ({ roomId }) => {
    if (!roomId) return;

    socket.leave(roomId);

    roomsInfo[roomId] && roomsInfo[roomId][socket.id] && delete roomsInfo[roomId][socket.id];
    userRoomInfo[socket.id] &&
      (userRoomInfo[socket.id] = userRoomInfo[socket.id].filter(id => id !== roomId));

    console.log(
      'someone leaved the room, the user number of room is: ',
      roomsInfo[roomId] ? Object.keys(roomsInfo[roomId]).length : 0,
    );

    // 通知其他用户有人离开了
    socket.to(roomId).emit('bye', { roomId, userId: socket.id });

    // 回复用户你已经离开房间了
    socket.emit('leaved', { roomId });
  };

  // 用户离开房间
  socket.on('leave', onLeave);

  //disconnect
  socket.on('disconnect', () => {
    console.log(socket.id, 'disconnect, and clear user`s Room', userRoomInfo[socket.id]);
    if (userRoomInfo[socket.id]) {
      userRoomInfo[socket.id].forEach(roomId => {
        onLeave({ roomId });
      });

      delete userRoomInfo[socket.id];
    }
  });
});

// The test closing its end of stdin (or dying) ends the server.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
