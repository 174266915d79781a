-- A session ended: its slot says 'gone', so nobody can ring it (unregister.lua deletes the slot
-- with the session; it expires anyway), and its call, if any, ends: the other party hears what the
-- call keeps for this party's going (hung-up, disconnected). ARGV: id. Returns 1 if a call ended.
local sid = ARGV[1]
local cid = slotCall(sid)
redis.call('SET', P .. 's:' .. sid .. ':call', 'gone', 'PX', GONE_MILLIS)
if not cid or cid == 'gone' then return 0 end
local c = getCall(cid)
finish(c, {otherParty(c, sid)}, redis.call('HGET', P .. 'c:' .. cid, 'gone:' .. sid))
return 1
