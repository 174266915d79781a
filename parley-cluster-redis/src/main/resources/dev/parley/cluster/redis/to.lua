-- Relays to one other member. ARGV: room, id, to, message. Returns 0 if either is not seated.
local room, sid, to, msg = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local rk = P .. 'r:' .. room
if sid == to or not redis.call('ZSCORE', rk, sid) or not redis.call('ZSCORE', rk, to) then return 0 end
emit({to}, msg, room)
return 1
