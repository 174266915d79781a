-- The online session holding one of these name keys: {id, name}, or {} if none. ARGV: keys.
for i = 1, #ARGV do
  local sid = redis.call('HGET', P .. 'names', ARGV[i])
  if sid then return {sid, redis.call('HGET', P .. 'online', sid) or ''} end
end
return {}
