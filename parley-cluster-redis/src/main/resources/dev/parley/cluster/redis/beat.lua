-- A node says it is alive, on Redis's clock (so nodes' clocks need not agree), and learns what
-- Redis kept meanwhile: the epoch (set by the first node to find none, from ARGV[2], a fresh random
-- value each beat), which changes only when Redis lost its data, and whether the node was listed
-- still (a reaper removes a node it took for dead). ARGV: node, candidate epoch.
-- Returns {Redis's time in ms, the epoch, 1 if the node was not listed}.
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('SET', P .. 'epoch', ARGV[2], 'NX')
local added = redis.call('ZADD', P .. 'nodes', ms, ARGV[1])
return {ms, redis.call('GET', P .. 'epoch'), added}
