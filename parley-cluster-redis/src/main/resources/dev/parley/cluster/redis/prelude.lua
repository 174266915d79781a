-- Shared by every script (prepended when loaded). Every key carries the hash tag {parley}, so a
-- Redis Cluster keeps them in one slot and these multi-key scripts run there unchanged.
local P = '{parley}:'
local INBOX_MAXLEN = 10000
-- What may wait for a set-aside session; past it, it can only be ended when taken over.
local PARKED_MAXLEN = 512

-- Keeps msg for a session set aside (parked, see park.lua) until a node takes it over.
local function keep(id, msg)
  local list = P .. 'p:' .. id
  if redis.call('RPUSH', list, msg) > PARKED_MAXLEN then
    redis.call('HSET', P .. 's:' .. id, 'lost', '1')
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
