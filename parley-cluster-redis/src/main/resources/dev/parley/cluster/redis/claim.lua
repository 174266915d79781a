-- Claims a name unless one of its keys is held; tells everyone named, and queues the presence
-- snapshot for the claimer in its own node's inbox, after every change before this one and before
-- every change after. ARGV: id, name, node, change message, key1, key2, ... Returns 1, or 0 if taken.
-- A key the session holds already counts as free: a claim that timed out may have run after all,
-- and the client's next hello claims again.
local sid, name, node, msg = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
for i = 5, #ARGV do
  local holder = redis.call('HGET', P .. 'names', ARGV[i])
  if holder and holder ~= sid then return 0 end
end
local keys = {}
for i = 5, #ARGV do
  redis.call('HSET', P .. 'names', ARGV[i], sid)
  table.insert(keys, ARGV[i])
end
local others = redis.call('HVALS', P .. 'online')
broadcast(msg, sid)
redis.call('HSET', P .. 'online', sid, name)
redis.call('HSET', P .. 's:' .. sid, 'node', node, 'name', name, 'keys', cjson.encode(keys))
redis.call('SADD', P .. 'n:' .. node .. ':s', sid)
redis.call('XADD', P .. 'in:' .. node, 'MAXLEN', '~', INBOX_MAXLEN, '*', 'k', 'snapshot', 'to', sid, 'm', cjson.encode(others))
return 1
