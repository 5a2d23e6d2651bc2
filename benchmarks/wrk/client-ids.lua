-- wrk script of the HTTP benchmark (benchmarks/run.sh).
--
-- Sends every request with an X-Client-Id header, cycling through BENCH_WRK_CLIENTS ids (default
-- 1024) so that each rate limit key receives a few requests per second, as under many real clients.
-- The requests are formatted once in init, so wrk does the same work for every endpoint.
-- When the run ends, prints one line "WRK_RESULT {json}" with the request count, the duration and
-- the latency percentiles in microseconds, and the error counts. statusErrors counts responses with
-- a status of 400 or more, such as 429 when a limit is reached.

local clients = tonumber(os.getenv("BENCH_WRK_CLIENTS") or "1024")
local prepared = {}
local next_index = 0

function init(args)
  for i = 1, clients do
    prepared[i] = wrk.format(nil, nil, { ["Host"] = wrk.headers["Host"], ["X-Client-Id"] = "wrk-client-" .. i })
  end
end

function request()
  next_index = next_index % clients + 1
  return prepared[next_index]
end

function done(summary, latency, requests)
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationMicros":%d,"p50Micros":%d,"p90Micros":%d,"p99Micros":%d,'
      .. '"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"statusErrors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
