-- A reaper on node ARGV[2] takes a set-aside session whose grace is over, to end it.
-- ARGV: id, node. Returns {} if it is not due (or gone), else {name, host, n, room1..roomN}.
local id, node = ARGV[1], ARGV[2]
local s = P .. 's:' .. id
local due = tonumber(redis.call('HGET', s, 'until') or '')
local now = redis.call('TIME')
if redis.call('HGET', s, 'node') ~= '' or not due or due > tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) then
  if redis.call('EXISTS', s) == 0 then redis.call('SREM', P .. 'parked', id) end
  return {}
end
redis.call('HSET', s, 'node', node)
redis.call('HDEL', s, 'until', 'lost', 'kept')
redis.call('SREM', P .. 'parked', id)
redis.call('SADD', P .. 'n:' .. node .. ':s', id)
redis.call('DEL', P .. 'h:' .. id, P .. 'p:' .. id)
local out = {redis.call('HGET', s, 'name') or '', redis.call('HGET', s, 'host') or ''}
local rooms = redis.call('ZRANGE', P .. 's:' .. id .. ':rooms', 0, -1)
table.insert(out, #rooms)
for _, r in ipairs(rooms) do table.insert(out, r) end
return out
