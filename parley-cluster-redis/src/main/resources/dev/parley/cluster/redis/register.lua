-- A session said hello on node ARGV[2]: route to it there. ARGV: id, node, host ('' for none).
local sid, node, host = ARGV[1], ARGV[2], ARGV[3]
redis.call('HSET', P .. 's:' .. sid, 'node', node, 'host', host)
redis.call('SADD', P .. 'n:' .. node .. ':s', sid)
return 1
