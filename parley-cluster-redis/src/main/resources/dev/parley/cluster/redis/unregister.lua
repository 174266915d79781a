-- A session ended (after leaving its rooms and freeing its name). ARGV: id.
local sid = ARGV[1]
local node = redis.call('HGET', P .. 's:' .. sid, 'node')
if node then redis.call('SREM', P .. 'n:' .. node .. ':s', sid) end
redis.call('DEL', P .. 's:' .. sid, P .. 's:' .. sid .. ':rooms', P .. 's:' .. sid .. ':call')
return 1
