-- A node says it is alive, on Redis's clock (so nodes' clocks need not agree), and learns whether
-- Redis kept its data: the epoch (set by the first node to find none, from ARGV[2], a fresh random
-- value each beat) changes only when Redis lost it. ARGV: node, candidate epoch.
-- Returns {Redis's time in ms, the epoch, how many nodes are listed}.
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('SET', P .. 'epoch', ARGV[2], 'NX')
redis.call('ZADD', P .. 'nodes', ms, ARGV[1])
return {ms, redis.call('GET', P .. 'epoch'), redis.call('ZCARD', P .. 'nodes')}
