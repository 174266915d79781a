-- A node says it is alive, on Redis's clock (so nodes' clocks need not agree). ARGV: node.
-- Returns {Redis's time in ms, how many nodes are listed}.
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZADD', P .. 'nodes', ms, ARGV[1])
return {ms, redis.call('ZCARD', P .. 'nodes')}
