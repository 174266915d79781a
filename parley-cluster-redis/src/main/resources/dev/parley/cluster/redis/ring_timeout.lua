-- The ring timer (on the caller's node) fired: ends the call if it still rings, telling both
-- parties. ARGV: call, timeout message. Returns 1 if it ended the call.
local cid, msg = ARGV[1], ARGV[2]
local c = getCall(cid)
if not c or c.state ~= 'ringing' then return 0 end
finish(c, {c.caller, c.callee}, msg)
return 1
