-- Frees a seat; tells the others. ARGV: room, id, message. Returns 1 if the session was seated.
local room, sid, msg = ARGV[1], ARGV[2], ARGV[3]
local rk = P .. 'r:' .. room
if redis.call('ZREM', rk, sid) == 0 then return 0 end
redis.call('ZREM', P .. 's:' .. sid .. ':rooms', room)
local ids = redis.call('ZRANGE', rk, 0, -1)
if #ids == 0 then redis.call('SREM', P .. 'rooms', room) end
emit(ids, msg, room)
return 1
