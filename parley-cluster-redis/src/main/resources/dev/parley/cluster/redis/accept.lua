-- The callee answers a ringing call; tells the caller. ARGV: call, callee, accepted message.
-- Returns done, no-such-call, not-callee or not-ringing.
local cid, sid, msg = ARGV[1], ARGV[2], ARGV[3]
local c = getCall(cid)
if not isParty(c, sid) then return 'no-such-call' end
if c.callee ~= sid then return 'not-callee' end
if c.state ~= 'ringing' then return 'not-ringing' end
redis.call('HSET', P .. 'c:' .. cid, 'state', 'active')
emit({c.caller}, msg, '')
return 'done'
