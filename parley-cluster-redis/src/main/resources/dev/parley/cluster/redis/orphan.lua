-- A session of a dead node (ARGV[2]) is set aside with the backlog the reaper rebuilt from its
-- copies (ARGV[4]; '' if there is none: then it can only be ended when taken), and what the dead
-- node's inbox held for it past the newest entry those copies came from (ARGV[5]; '' for all);
-- its rooms hear that it is away. ARGV: id, dead node, grace ms, backlog, after, then room,
-- message pairs. Returns 1, or 0 if that node no longer holds it.
local id, dead, grace, backlog, after = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]
local s = P .. 's:' .. id
if redis.call('HGET', s, 'node') ~= dead then return 0 end
local named = redis.call('HEXISTS', P .. 'online', id) == 1
local from = after == '' and '-' or '(' .. after
for _, entry in ipairs(redis.call('XRANGE', P .. 'in:' .. dead, from, '+')) do
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
redis.call('SREM', P .. 'n:' .. dead .. ':s', id)
redis.call('SADD', P .. 'parked', id)
if backlog == '' then
  redis.call('HSET', s, 'lost', '1')
else
  redis.call('SET', P .. 'h:' .. id, backlog)
end
for i = 6, #ARGV, 2 do
  local others = {}
  for _, m in ipairs(redis.call('ZRANGE', P .. 'r:' .. ARGV[i], 0, -1)) do
    if m ~= id then table.insert(others, m) end
  end
  emit(others, ARGV[i + 1], ARGV[i])
end
return 1
