-- Helpers of the call scripts (prepended after prelude.lua). A call is the hash c:<call>: caller,
-- callee, state (ringing or active), and per party p what the other hears when p goes: gone:<p>,
-- away:<p>, back:<p>. A session's slot s:<id>:call holds the id of its call, or 'gone' once the
-- session has ended; a slot naming a call that no longer exists is free.

-- How long a 'gone' slot outlives its session at most: past the unregister that deletes it, and past
-- any ring that found the session's name before it went offline.
local GONE_MILLIS = 60000

-- The call in the session's slot if it is still going on, 'gone', or nil.
local function slotCall(sid)
  local cid = redis.call('GET', P .. 's:' .. sid .. ':call')
  if not cid or cid == 'gone' then return cid or nil end
  if redis.call('EXISTS', P .. 'c:' .. cid) == 0 then return nil end
  return cid
end

-- The call's parties and state, or nil if it is not going on.
local function getCall(cid)
  local v = redis.call('HMGET', P .. 'c:' .. cid, 'caller', 'callee', 'state')
  if not v[1] then return nil end
  return {id = cid, caller = v[1], callee = v[2], state = v[3]}
end

local function isParty(c, sid)
  return c ~= nil and (c.caller == sid or c.callee == sid)
end

local function otherParty(c, sid)
  if c.caller == sid then return c.callee end
  return c.caller
end

-- Ends the call: frees the slots that still hold it, deletes its keys, and tells the sessions ids msg.
local function finish(c, ids, msg)
  for _, sid in ipairs({c.caller, c.callee}) do
    local slot = P .. 's:' .. sid .. ':call'
    if redis.call('GET', slot) == c.id then redis.call('DEL', slot) end
  end
  redis.call('DEL', P .. 'c:' .. c.id)
  redis.call('SREM', P .. 'calls', c.id)
  emit(ids, msg, '')
end
