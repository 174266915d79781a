-- A node (ARGV[2]) takes over a session for a client resuming it there. ARGV: id, node.
-- Returns {'unknown'}; {'held', node}: that node has it, ask it to park it (park.lua); or
-- {'taken', backlog ('' if lost), name, host, n, room1..roomN, kept1, kept2, ...}.
local id, node = ARGV[1], ARGV[2]
local s = P .. 's:' .. id
local holder = redis.call('HGET', s, 'node')
if not holder then return {'unknown'} end
if holder ~= '' then return {'held', holder} end
local backlog = redis.call('GET', P .. 'h:' .. id) or ''
if redis.call('HGET', s, 'lost') then backlog = '' end
local out = {'taken', backlog, redis.call('HGET', s, 'name') or '', redis.call('HGET', s, 'host') or ''}
local rooms = redis.call('ZRANGE', P .. 's:' .. id .. ':rooms', 0, -1)
table.insert(out, #rooms)
for _, r in ipairs(rooms) do table.insert(out, r) end
for _, m in ipairs(redis.call('LRANGE', P .. 'p:' .. id, 0, -1)) do table.insert(out, m) end
redis.call('DEL', P .. 'h:' .. id, P .. 'p:' .. id)
redis.call('HDEL', s, 'until', 'lost', 'kept')
redis.call('HSET', s, 'node', node)
redis.call('SREM', P .. 'parked', id)
redis.call('SADD', P .. 'n:' .. node .. ':s', id)
return out
