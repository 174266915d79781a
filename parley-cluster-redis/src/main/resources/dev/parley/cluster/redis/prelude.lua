-- Shared by every script (prepended when loaded). Every key carries the hash tag {parley}, so a
-- Redis Cluster keeps them in one slot and these multi-key scripts run there unchanged.
local P = '{parley}:'
local INBOX_MAXLEN = 10000
-- What may wait for a set-aside session, in messages and bytes (a session's default backlog, as on
-- its node); past either, it can only be ended when taken over.
local PARKED_MAXLEN = 512
local PARKED_MAXBYTES = 1048576

-- Keeps msg for a session set aside (parked, see park.lua) until a node takes it over.
local function keep(id, msg)
  local list = P .. 'p:' .. id
  local s = P .. 's:' .. id
  if redis.call('HGET', s, 'lost') then return end
  local bytes = redis.call('HINCRBY', s, 'kept', #msg)
  if redis.call('RPUSH', list, msg) > PARKED_MAXLEN or bytes > PARKED_MAXBYTES then
    redis.call('HSET', s, 'lost', '1')
    redis.call('DEL', list)
  end
end

-- Appends msg to the inbox of each node that has one of the sessions ids, naming them; r is the
-- room the message is about ('' for none), so a node can drop it for a session that left.
local function emit(ids, msg, r)
  local byNode, order = {}, {}
  for _, id in ipairs(ids) do
    local node = redis.call('HGET', P .. 's:' .. id, 'node')
    if node == '' then
      keep(id, msg)
    elseif node then
      if not byNode[node] then
        byNode[node] = {}
        table.insert(order, node)
      end
      table.insert(byNode[node], id)
    end
  end
  for _, node in ipairs(order) do
    redis.call('XADD', P .. 'in:' .. node, 'MAXLEN', '~', INBOX_MAXLEN, '*',
      'k', 'to', 'to', table.concat(byNode[node], ','), 'r', r, 'm', msg)
  end
end

-- Appends msg to every live node's inbox for all its named sessions but except, and keeps it
-- for every named session set aside.
local function broadcast(msg, except)
  for _, node in ipairs(redis.call('ZRANGE', P .. 'nodes', 0, -1)) do
    redis.call('XADD', P .. 'in:' .. node, 'MAXLEN', '~', INBOX_MAXLEN, '*', 'k', 'named', 'x', except, 'm', msg)
  end
  for _, id in ipairs(redis.call('SMEMBERS', P .. 'parked')) do
    if id ~= except and redis.call('HEXISTS', P .. 'online', id) == 1 then keep(id, msg) end
  end
end

-- Keeps for session id what node's inbox holds for it in the entries after 'after' (exclusive; '-'
-- for all): its messages, and, if it has a name, presence changes. Used when a session leaves its
-- node at a place in the node's inbox (park.lua, orphan.lua).
local function takeAlong(id, node, after)
  local named = redis.call('HEXISTS', P .. 'online', id) == 1
  local from = after == '-' and '-' or '(' .. after
  for _, entry in ipairs(redis.call('XRANGE', P .. 'in:' .. node, from, '+')) do
    local f = {}
    for i = 1, #entry[2], 2 do f[entry[2][i]] = entry[2][i + 1] end
    if f.k == 'to' then
      for to in string.gmatch(f.to, '[^,]+') do
        if to == id then keep(id, f.m) end
      end
    elseif f.k == 'named' and named and f.x ~= id then
      keep(id, f.m)
    end
  end
end

-- Sets the session aside (see park.lua) until Redis's now + grace ms, with its backlog ('' if lost).
local function setAside(id, node, grace, backlog)
  local s = P .. 's:' .. id
  local now = redis.call('TIME')
  redis.call('HSET', s, 'node', '', 'until', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + grace)
  redis.call('SREM', P .. 'n:' .. node .. ':s', id)
  redis.call('SADD', P .. 'parked', id)
  if backlog == '' then
    redis.call('HSET', s, 'lost', '1')
  else
    redis.call('SET', P .. 'h:' .. id, backlog)
  end
end
