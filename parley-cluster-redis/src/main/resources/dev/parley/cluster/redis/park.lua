-- Sets a session aside: its node (ARGV[2]) hands it over, at the point of its inbox it has read
-- up to (ARGV[3], the entry that asked), so what its inbox holds for it past that point moves
-- along with it. From now on what is sent to it is kept (prelude: keep) until a node takes it over
-- (unpark.lua), or the grace (ARGV[5] ms) runs out and a reaper ends it.
-- ARGV: id, node, inbox entry id, backlog (JSON, '' if lost), grace ms. Returns 1, or 0 if the node no longer holds it.
local id, node, upto, backlog, grace = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
if redis.call('HGET', P .. 's:' .. id, 'node') ~= node then return 0 end
takeAlong(id, node, upto)
setAside(id, node, grace, backlog)
return 1
