-- Keeps what a member leaves for the next to join (join.lua hands it over), in place of what it
-- left before; '' drops it. ARGV: room, id, payload. Returns 0 if the session is not seated.
local room, sid, data = ARGV[1], ARGV[2], ARGV[3]
if not redis.call('ZSCORE', P .. 'r:' .. room, sid) then return 0 end
if data == '' then
  redis.call('HDEL', P .. 'rn:' .. room, sid)
else
  redis.call('HSET', P .. 'rn:' .. room, sid, data)
end
return 1
