-- A client has every frame up to ARGV[1]: their copies go (b:<id>), and the newest inbox entry they
-- came from is remembered (field src), so a reaper knows where in a dead node's inbox the session's
-- unread part starts. KEYS: the copy, the session. Run with EVAL (not by digest): it goes down the
-- same connection as the copies, in order, even right after Redis lost its script cache.
local copy, s, upto = KEYS[1], KEYS[2], ARGV[1]
if redis.call('EXISTS', s) == 0 then return 0 end
local src = nil
for _, e in ipairs(redis.call('XRANGE', copy, '1-0', upto .. '-1')) do
  for i = 1, #e[2], 2 do
    if e[2][i] == 's' then src = e[2][i + 1] end
  end
end
if src then redis.call('HSET', s, 'src', src) end
redis.call('HSET', s, 'acked', upto)
redis.call('XTRIM', copy, 'MINID', (tonumber(upto) + 1) .. '-0')
return 1
