// Seed 000's signaling server (shared/seeds/000_*.txt, "2.1 使用 nodejs 和 socket.io 实现信令服务器"), as the
// reference that Parley's seed 000 dialect is compared with. Test-only; run by ReferenceServer.java as
//   node seed000-server.js <port>      (port 0: any free one; the chosen port is printed as JSON)
//
// Changes from the article, and nothing else:
// - log4js, express, serve-index, https and the certificate are gone: the article's server serves its
//   pages with them, which the socket.io part does not use; `logger.debug` goes to stderr instead.
// - socket.io is this directory's "sio2-server" (socket.io 2.x: the code reads
//   io.sockets.adapter.rooms[room].sockets, which exists only up to socket.io 2; the article's own
//   repository pins "socket.io": "^2.0.1"), attached to one plain HTTP server on 127.0.0.1 and the
//   test's port instead of https on 443 and http on 80.
// The io.sockets.on('connection', ...) block is the article's, verbatim.
var http = require('http');
var socketIo = require('sio2-server');

var USERCOUNT = 3;

var logger = { debug: function (line) { process.stderr.write(line + '\n'); } };

var http_server = http.createServer();
var io = socketIo.listen(http_server);


io.sockets.on('connection', (socket)=> {
    socket.on('message', (room, data)=>{
            socket.to(room).emit('message',room, data);//发送给当前房间的其它客户端
    });

    socket.on('join', (room)=>{
            socket.join(room);
            var myRoom = io.sockets.adapter.rooms[room];
            var users = (myRoom)? Object.keys(myRoom.sockets).length : 0;
            logger.debug('the user number of room is: ' + users);

            if(users < USERCOUNT){
                    socket.emit('joined', room, socket.id); //发送给自己,相当于回调
               if(users > 1){
                  socket.to(room).emit('otherjoin', room, socket.id); //发送给当前房间的其它客户端
                    }

            }else{
                    socket.leave(room);
                    socket.emit('full', room, socket.id);
            }
    });
    socket.on('leave', (room)=>{
        var myRoom = io.sockets.adapter.rooms[room];
        var users = (myRoom)? Object.keys(myRoom.sockets).length : 0;
        logger.debug('the user number of room is: ' + (users-1));
        socket.to(room).emit('bye', room, socket.id);
        socket.emit('leaved', room, socket.id);
});
});

http_server.on('listening', () => {
    process.stdout.write(JSON.stringify({ listening: http_server.address().port }) + '\n');
});
http_server.listen(Number(process.argv[2] || 0), '127.0.0.1');
// The test closing its end of stdin (or dying) ends the server.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
