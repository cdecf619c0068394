import { MAX_TIE_MS, TIE_WIDTH } from './member-codec';

// Shared by APPLY and STAGE. An update is five arguments: id, op ('d' add | 's' set), stored
// value, tie ms, encoded member. `plan` reads and computes without writing, so an
// out-of-range score changes nothing; scores are written as '%.0f' (exact for integers), never
// through Lua's tostring, which keeps 14 digits only.
const LIB = `
local MAX_SAFE = 9007199254740991
local function tie_ms(m, dir)
  local p = tonumber(string.sub(m, 1, ${TIE_WIDTH}))
  if dir == 'up' then return p end
  return ${MAX_TIE_MS} - p
end
local function plan(board, members, policy, dir, a, from, to)
  local states, order = {}, {}
  for i = from, to, 5 do
    local id = a[i]
    local s = states[id]
    if not s then
      local prev = redis.call('HGET', members, id)
      local score = 0
      if prev then
        local z = redis.call('ZSCORE', board, prev)
        if z then score = tonumber(z) end
      end
      s = { prev = prev, cur = prev, score = score }
      states[id] = s
      order[#order + 1] = id
    end
    local v, at, enc = tonumber(a[i + 2]), tonumber(a[i + 3]), a[i + 4]
    if a[i + 1] == 's' then s.score = v else s.score = s.score + v end
    if s.score > MAX_SAFE or s.score < -MAX_SAFE then return nil end
    if not s.cur or policy == 'explicit' then
      s.cur = enc
    elseif policy == 'latest' then
      if tie_ms(s.cur, dir) < at then s.cur = enc end
    elseif tie_ms(s.cur, dir) > at then
      s.cur = enc
    end
  end
  return states, order
end
local function write(board, members, states, order)
  for _, id in ipairs(order) do
    local s = states[id]
    if s.prev and s.prev ~= s.cur then redis.call('ZREM', board, s.prev) end
    redis.call('ZADD', board, string.format('%.0f', s.score), s.cur)
    if s.prev ~= s.cur then redis.call('HSET', members, id, s.cur) end
  end
end
-- One group on one board: false if its credit key is there already, nil if out of range.
local function apply(board, members, credited, key, policy, dir, a, from, to)
  if key ~= '' and redis.call('SISMEMBER', credited, key) == 1 then return false end
  local states, order = plan(board, members, policy, dir, a, from, to)
  if not states then return nil end
  if key ~= '' then redis.call('SADD', credited, key) end
  write(board, members, states, order)
  return true
end
`;

/**
 * Applies one group of updates, guarded by its credit key ('' = unguarded): the key is checked
 * and added in the same script as the updates, so a re-credit is a no-op. While a rebuild holds
 * the lease, the group is applied to the staged copy too (guarded there by the staged credit
 * set), so the swap loses nothing written meanwhile.
 * KEYS: board, members, credited, lease, staged board, staged members, staged credited.
 * ARGV: tie policy, time direction, credit key, updates.
 */
export const APPLY = `${LIB}
local key, policy, dir = ARGV[3], ARGV[1], ARGV[2]
local done = apply(KEYS[1], KEYS[2], KEYS[3], key, policy, dir, ARGV, 4, #ARGV)
if done == nil then return redis.error_reply('RANKING_SCORE_RANGE a score would leave the exact integer range') end
if not done then return 0 end
local ttl = redis.call('PTTL', KEYS[4])
if ttl > 0 then
  apply(KEYS[5], KEYS[6], KEYS[7], key, policy, dir, ARGV, 4, #ARGV)
  for i = 5, 7 do redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 1`;

/**
 * Takes the rebuild lease and starts the staged board as a copy of the live one.
 * KEYS: lease, staged board, members, credited, live board, members, credited. ARGV: token, lease ms.
 */
export const START = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
for i = 2, 4 do
  redis.call('DEL', KEYS[i])
  if redis.call('COPY', KEYS[i + 3], KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
end
return 1`;

/**
 * Applies one chunk of source rows to the staged board while the lease is this rebuild's, each
 * row guarded by its own credit key, and extends the lease. KEYS: lease, staged board, members,
 * credited. ARGV: token, lease ms, tie policy, time direction, then per row: credit key and update.
 * Returns 1, 0 when the lease is not ours, or -n when row n (1-based) would leave the range.
 */
export const STAGE = `${LIB}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local policy, dir = ARGV[3], ARGV[4]
local n = 0
for i = 5, #ARGV, 6 do
  n = n + 1
  if apply(KEYS[2], KEYS[3], KEYS[4], ARGV[i], policy, dir, ARGV, i + 1, i + 1) == nil then return -n end
end
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
return 1`;

/**
 * Swaps the staged board in and marks it built, in one step: a reader sees the old board or
 * the new one. KEYS: lease, staged board, members, credited, live board, members, credited,
 * built. ARGV: token, built value.
 */
export const FINISH = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
for i = 2, 4 do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('RENAME', KEYS[i], KEYS[i + 3])
    redis.call('PERSIST', KEYS[i + 3])
  else
    redis.call('DEL', KEYS[i + 3])
  end
end
redis.call('SET', KEYS[8], ARGV[2])
redis.call('DEL', KEYS[1])
return 1`;

/** Gives up a rebuild (its source failed). KEYS: lease, staged board, members, credited. ARGV: token. */
export const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
return 1`;

/** KEYS: board, members. ARGV: id, 'rev' | 'fwd'. Returns [member, 0-based rank, stored score] or nil. */
export const RANK = `
local m = redis.call('HGET', KEYS[2], ARGV[1])
if not m then return false end
local r
if ARGV[2] == 'rev' then r = redis.call('ZREVRANK', KEYS[1], m) else r = redis.call('ZRANK', KEYS[1], m) end
if not r then return false end
return { m, r, redis.call('ZSCORE', KEYS[1], m) }`;
