-- A party ends its call, ringing or active; tells the other. ARGV: call, party, hung-up message.
-- Returns done or no-such-call.
local cid, sid, msg = ARGV[1], ARGV[2], ARGV[3]
local c = getCall(cid)
if not isParty(c, sid) then return 'no-such-call' end
finish(c, {otherParty(c, sid)}, msg)
return 'done'
