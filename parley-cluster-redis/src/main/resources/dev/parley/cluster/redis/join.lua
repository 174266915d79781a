-- Takes a seat unless the room is full; tells the others. ARGV: room, id, capacity, message.
-- Returns {0} when full, else {1, id1, name1, id2, name2, ...}: the members already there, in join order.
local room, sid, cap, msg = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local rk = P .. 'r:' .. room
local ids = redis.call('ZRANGE', rk, 0, -1)
if #ids >= cap then return {0} end
emit(ids, msg, room)
redis.call('ZADD', rk, redis.call('INCR', P .. 'seq'), sid)
redis.call('SADD', P .. 'rooms', room)
redis.call('ZADD', P .. 's:' .. sid .. ':rooms', redis.call('ZSCORE', rk, sid), room)
local out = {1}
for _, id in ipairs(ids) do
  table.insert(out, id)
  table.insert(out, redis.call('HGET', P .. 's:' .. id, 'name') or '')
end
return out
