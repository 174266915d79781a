-- Takes a seat unless the room is full; tells the others. ARGV: room, id, capacity, message, the
-- message for those whose payload left for the next to join it takes, take ('1': take them).
-- Returns {0} when full, else {1, id1, name1, next1, id2, name2, next2, ...}: the members already
-- there, in join order, each with what it left for the next ('' for nothing, or not taken).
local room, sid, cap, msg, tookMsg, take = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5], ARGV[6] == '1'
local rk = P .. 'r:' .. room
local nk = P .. 'rn:' .. room
local ids = redis.call('ZRANGE', rk, 0, -1)
if #ids >= cap then return {0} end
local out, plain, took = {1}, {}, {}
for _, id in ipairs(ids) do
  local next = take and redis.call('HGET', nk, id) or false
  if next then
    redis.call('HDEL', nk, id)
    table.insert(took, id)
  else
    table.insert(plain, id)
  end
  table.insert(out, id)
  table.insert(out, redis.call('HGET', P .. 's:' .. id, 'name') or '')
  table.insert(out, next or '')
end
emit(plain, msg, room)
emit(took, tookMsg, room)
redis.call('ZADD', rk, redis.call('INCR', P .. 'seq'), sid)
redis.call('SADD', P .. 'rooms', room)
redis.call('ZADD', P .. 's:' .. sid .. ':rooms', redis.call('ZSCORE', rk, sid), room)
return out
