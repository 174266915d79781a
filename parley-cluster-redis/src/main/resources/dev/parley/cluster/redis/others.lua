-- Relays to every member but the sender, if the sender is one. ARGV: room, id, message.
local room, sid, msg = ARGV[1], ARGV[2], ARGV[3]
local rk = P .. 'r:' .. room
if not redis.call('ZSCORE', rk, sid) then return 0 end
local others = {}
for _, id in ipairs(redis.call('ZRANGE', rk, 0, -1)) do
  if id ~= sid then table.insert(others, id) end
end
emit(others, msg, room)
return 1
