-- A session of a dead node (ARGV[2]) is set aside without its backlog, which died with the node;
-- its rooms hear that it is away. ARGV: id, dead node, grace ms, then room, message pairs.
-- Returns 1, or 0 if that node no longer holds it.
local id, dead, grace = ARGV[1], ARGV[2], tonumber(ARGV[3])
local s = P .. 's:' .. id
if redis.call('HGET', s, 'node') ~= dead then return 0 end
local now = redis.call('TIME')
redis.call('HSET', s, 'node', '', 'lost', '1', 'until', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + grace)
redis.call('SREM', P .. 'n:' .. dead .. ':s', id)
redis.call('SADD', P .. 'parked', id)
for i = 4, #ARGV, 2 do
  local others = {}
  for _, m in ipairs(redis.call('ZRANGE', P .. 'r:' .. ARGV[i], 0, -1)) do
    if m ~= id then table.insert(others, m) end
  end
  emit(others, ARGV[i + 1], ARGV[i])
end
return 1
