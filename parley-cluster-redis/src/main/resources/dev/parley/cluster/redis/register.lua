-- A session said hello on node ARGV[2]: route to it there, and start the copy of its frames
-- (b:<id>, for an acknowledging client; see RedisMirror). ARGV: id, node, host ('' for none), acks ('1' or '').
local sid, node, host, acks = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
redis.call('HSET', P .. 's:' .. sid, 'node', node, 'host', host, 'acks', acks)
redis.call('SADD', P .. 'n:' .. node .. ':s', sid)
local copy = P .. 'b:' .. sid
if acks == '1' and redis.call('EXISTS', copy) == 0 then redis.call('XADD', copy, '0-1', 'f', '') end
return 1
