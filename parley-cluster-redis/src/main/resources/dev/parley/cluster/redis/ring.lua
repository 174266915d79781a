-- Rings a callee: claims the caller's slot, then the callee's, for a new call, and tells the callee.
-- ARGV: call, caller, callee, incoming message, then what the other party hears when the caller
-- goes (gone, away, back), then the same for the callee. Returns done, caller-busy, busy or
-- offline (the callee's session ended or is ending). A replayed ring finds its call: done, unrung.
local cid, a, b = ARGV[1], ARGV[2], ARGV[3]
if getCall(cid) then return 'done' end
if slotCall(a) then return 'caller-busy' end
if not redis.call('HGET', P .. 's:' .. b, 'node') then return 'offline' end
local held = slotCall(b)
if held == 'gone' then return 'offline' end
if held then return 'busy' end
redis.call('SET', P .. 's:' .. a .. ':call', cid)
redis.call('SET', P .. 's:' .. b .. ':call', cid)
redis.call('HSET', P .. 'c:' .. cid, 'caller', a, 'callee', b, 'state', 'ringing',
  'gone:' .. a, ARGV[5], 'away:' .. a, ARGV[6], 'back:' .. a, ARGV[7],
  'gone:' .. b, ARGV[8], 'away:' .. b, ARGV[9], 'back:' .. b, ARGV[10])
redis.call('SADD', P .. 'calls', cid)
emit({b}, ARGV[4], '')
return 'done'
