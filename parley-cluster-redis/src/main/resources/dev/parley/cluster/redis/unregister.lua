-- A session ended (after leaving its rooms and freeing its name). ARGV: id.
local sid = ARGV[1]
local node = redis.call('HGET', P .. 's:' .. sid, 'node')
if node and node ~= '' then redis.call('SREM', P .. 'n:' .. node .. ':s', sid) end
redis.call('SREM', P .. 'parked', sid)
redis.call('DEL', P .. 's:' .. sid, P .. 's:' .. sid .. ':rooms', P .. 'h:' .. sid, P .. 'p:' .. sid, P .. 'b:' .. sid, P .. 's:' .. sid .. ':call')
return 1
