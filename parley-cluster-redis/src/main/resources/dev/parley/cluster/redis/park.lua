-- Sets a session aside: its node (ARGV[2]) hands it over, at the point of its inbox it has read
-- up to (ARGV[3], the entry that asked), so what its inbox holds for it past that point moves
-- along with it. From now on what is sent to it is kept (prelude: keep) until a node takes it over
-- (unpark.lua), or the grace (ARGV[5] ms) runs out and a reaper ends it.
-- ARGV: id, node, inbox entry id, backlog (JSON, '' if lost), grace ms. Returns 1, or 0 if the node no longer holds it.
local id, node, upto, backlog, grace = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local s = P .. 's:' .. id
if redis.call('HGET', s, 'node') ~= node then return 0 end
local named = redis.call('HEXISTS', P .. 'online', id) == 1
for _, entry in ipairs(redis.call('XRANGE', P .. 'in:' .. node, '(' .. upto, '+')) do
  local f = {}
  for i = 1, #entry[2], 2 do f[entry[2][i]] = entry[2][i + 1] end
  if f.k == 'to' then
    for to in string.gmatch(f.to, '[^,]+') do
      if to == id then keep(id, f.m) end
    end
  elseif f.k == 'named' and named and f.x ~= id then
    keep(id, f.m)
  end
end
local now = redis.call('TIME')
redis.call('HSET', s, 'node', '', 'until', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + grace)
redis.call('SREM', P .. 'n:' .. node .. ':s', id)
redis.call('SADD', P .. 'parked', id)
if backlog == '' then
  redis.call('HSET', s, 'lost', '1')
else
  redis.call('SET', P .. 'h:' .. id, backlog)
end
return 1
