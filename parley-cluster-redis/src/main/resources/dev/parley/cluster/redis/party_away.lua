-- Tells the other party of the session's call that the session's connection dropped ('away') or
-- that it resumed ('back'). ARGV: id, away or back. Returns 1 if it was in a call.
local sid, kind = ARGV[1], ARGV[2]
local cid = slotCall(sid)
if not cid or cid == 'gone' then return 0 end
local c = getCall(cid)
emit({otherParty(c, sid)}, redis.call('HGET', P .. 'c:' .. cid, kind .. ':' .. sid), '')
return 1
