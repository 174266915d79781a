-- A session said hello on node ARGV[2]: route to it there. ARGV: id, node.
local sid, node = ARGV[1], ARGV[2]
redis.call('HSET', P .. 's:' .. sid, 'node', node)
redis.call('SADD', P .. 'n:' .. node .. ':s', sid)
return 1
