-- A session of a dead node (ARGV[2]) is set aside with the backlog the reaper rebuilt from its
-- copies (ARGV[4]; '' if there is none: then it can only be ended when taken), and what the dead
-- node's inbox held for it past the newest entry those copies came from (ARGV[5]; '' for all);
-- its rooms hear that it is away. ARGV: id, dead node, grace ms, backlog, after, then room,
-- message pairs. Returns 1, or 0 if that node no longer holds it.
local id, dead, grace, backlog, after = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]
if redis.call('HGET', P .. 's:' .. id, 'node') ~= dead then return 0 end
takeAlong(id, dead, after == '' and '-' or after)
setAside(id, dead, grace, backlog)
for i = 6, #ARGV, 2 do
  local others = {}
  for _, m in ipairs(redis.call('ZRANGE', P .. 'r:' .. ARGV[i], 0, -1)) do
    if m ~= id then table.insert(others, m) end
  end
  emit(others, ARGV[i + 1], ARGV[i])
end
return 1
