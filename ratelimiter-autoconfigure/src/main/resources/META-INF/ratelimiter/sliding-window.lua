-- Sliding-window log: decides one request of one client under one policy, atomically.
--
-- KEYS[1]  sorted set of the client's admitted units. Score: admission time in ms from Redis TIME.
--          Member: unique per unit (admission time in ms followed by a per-millisecond sequence number).
-- ARGV[1]  limit: units admitted per window, integer >= 1
-- ARGV[2]  window in milliseconds, integer >= 1
-- ARGV[3]  cost: units this request takes, integer >= 1
-- ARGV[4]  mode: "acquire" decides and records; "peek" only reports the usage and writes nothing
--
-- Returns an array of three integers {admitted, remaining, wait_ms}:
--   admitted   1 when the request fits and its units were recorded, else 0 (always 0 for "peek")
--   remaining  units still free in the window after this decision
--   wait_ms    when admitted (or peeking), ms until the oldest entry leaves the window and frees a unit,
--              0 for an empty window; when denied, ms until enough entries leave for the cost to fit
--
-- Invariants:
--   * Time comes only from Redis TIME, never from the callers' clocks.
--   * The window is the half-open interval (now - window, now]: an entry exactly one window old is out.
--   * Only KEYS[1] is read or written, so the script runs unchanged on Redis Cluster.
--   * A denial writes nothing: no member is added or removed and the expiry is not touched.
--   * An admission trims entries older than the window, adds `cost` unique members and sets PEXPIRE
--     to the window, so an idle key disappears one window after its last admission.
--   * A cost above the limit can never fit; it is denied with wait_ms = window.
--   * Only integers are returned (Redis truncates Lua numbers to integers).
--   * Arithmetic is exact: Lua numbers are doubles, exact for integers up to 2^53 (about 9.0e15). The
--     largest number computed is now (about 1.8e12 ms in 2027) plus a window of at most 31 days
--     (2.7e9 ms). Counts and costs stay at or below the limit, at most 1,000,000, because a cost above
--     the limit returns before any addition. Members are concatenated as strings, never computed.
-- Requires Redis 5.0 or later (scripts replicate their effects, so calling TIME before a write is allowed).

local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local peek = ARGV[4] == 'peek'

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window_start = '(' .. string.format('%d', now - window)

local function oldest_wait()
  local oldest = redis.call('ZRANGEBYSCORE', key, window_start, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  if #oldest == 0 then
    return 0
  end
  return tonumber(oldest[2]) + window - now
end

local count = redis.call('ZCOUNT', key, window_start, '+inf')
local free = math.max(0, limit - count)

if peek then
  return {0, free, oldest_wait()}
end

if cost > limit then
  return {0, free, window}
end

if count + cost > limit then
  -- The (count + cost - limit)-th oldest entry in the window is the last one that has to leave.
  local blocking = redis.call('ZRANGEBYSCORE', key, window_start, '+inf', 'WITHSCORES',
    'LIMIT', count + cost - limit - 1, 1)
  return {0, free, tonumber(blocking[2]) + window - now}
end

redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%d', now - window))

-- Members recorded in the same millisecond are numbered 1..n, so the next numbers follow n. Trimming
-- removes a millisecond's members together, which keeps that numbering gap-free and the members unique,
-- whichever application instance sends the request. Numbers below 1000 are padded to three digits, so
-- the member is a plain integer that Redis stores in 8 bytes. Larger ones get a separator.
local stamp = string.format('%d', now)
local sequence = redis.call('ZCOUNT', key, now, now)
local batch = {}
for unit = 1, cost do
  sequence = sequence + 1
  local member
  if sequence < 1000 then
    member = stamp .. string.format('%03d', sequence)
  else
    member = stamp .. '-' .. sequence
  end
  batch[#batch + 1] = now
  batch[#batch + 1] = member
  if #batch == 200 or unit == cost then
    redis.call('ZADD', key, unpack(batch))
    batch = {}
  end
end
redis.call('PEXPIRE', key, window)

-- The trim above left only entries of the window, so the first one by score is the oldest.
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {1, limit - count - cost, tonumber(oldest[2]) + window - now}
