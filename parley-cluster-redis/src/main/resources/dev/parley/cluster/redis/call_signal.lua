-- Relays a call-signal to the other party of an accepted call. ARGV: call, party, message.
-- Returns done, no-such-call or not-active.
local cid, sid, msg = ARGV[1], ARGV[2], ARGV[3]
local c = getCall(cid)
if not isParty(c, sid) then return 'no-such-call' end
if c.state ~= 'active' then return 'not-active' end
emit({otherParty(c, sid)}, msg, '')
return 'done'
