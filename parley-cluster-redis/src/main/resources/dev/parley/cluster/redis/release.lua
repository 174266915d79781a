-- Frees a session's name and tells everyone named. ARGV: id, change message. Returns 1 if it had one.
local sid, msg = ARGV[1], ARGV[2]
if redis.call('HDEL', P .. 'online', sid) == 0 then return 0 end
local keys = redis.call('HGET', P .. 's:' .. sid, 'keys')
if keys then
  for _, k in ipairs(cjson.decode(keys)) do
    if redis.call('HGET', P .. 'names', k) == sid then redis.call('HDEL', P .. 'names', k) end
  end
end
redis.call('HDEL', P .. 's:' .. sid, 'keys')
broadcast(msg, sid)
return 1
