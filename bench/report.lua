-- Shared by the wrk scripts in bench/ (and used on its own for the nginx baseline).
--
-- Collects per-thread counters and prints two lines that bench/run.sh reads:
--   BENCH_RESULT {...}   one JSON object with rate, latency (ms) and error counts
--   BENCH_FIELDS rps p50_ms p99_ms requests bad
-- where `bad` counts every failed request: socket errors, timeouts, HTTP status >= 400 and
-- responses a script marked as unexpected (e.g. create_case.lua: status other than 201).
--
-- A script that needs its own per-thread setup defines bench_setup(thread, index) before
-- the threads start; index runs from 1.

local threads = {}

-- Per-thread counters, set by a response() hook when a script has one.
unexpected = 0
unexpected_sample = ""

-- For a script's response() hook: counts a response as unexpected unless `ok`, and keeps the
-- first one (status and the start of its body) as a sample for the report.
function count_unexpected(status, body, ok)
  if ok then return end
  unexpected = unexpected + 1
  if unexpected_sample == "" then
    unexpected_sample = tostring(status) .. " " .. string.sub(body or "", 1, 300)
  end
end

function setup(thread)
  table.insert(threads, thread)
  if bench_setup then bench_setup(thread, #threads) end
end

local function json_string(s)
  s = tostring(s or "")
  s = s:gsub('[%c"\\]', function(c)
    if c == '"' or c == "\\" then return "\\" .. c end
    return string.format("\\u%04x", c:byte())
  end)
  return '"' .. s .. '"'
end

function done(summary, latency, requests)
  local bad_responses, sample = 0, ""
  for _, t in ipairs(threads) do
    bad_responses = bad_responses + (tonumber(t:get("unexpected")) or 0)
    local s = t:get("unexpected_sample")
    if sample == "" and s and s ~= "" then sample = s end
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local rps = summary.requests / seconds
  local function ms(us) return us / 1000.0 end
  local p50, p90, p99 = latency:percentile(50), latency:percentile(90), latency:percentile(99)
  -- A script with a response() hook sees every response, so its count includes e.status.
  local bad = e.connect + e.read + e.write + e.timeout + math.max(e.status, bad_responses)
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_s":%.3f,"rps":%.1f,"bytes":%d,' ..
    '"latency_ms":{"mean":%.3f,"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f},' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status_ge_400":%d,' ..
    '"unexpected_status":%d},"unexpected_sample":%s}\n',
    summary.requests, seconds, rps, summary.bytes,
    ms(latency.mean), ms(p50), ms(p90), ms(p99), ms(latency.max),
    e.connect, e.read, e.write, e.timeout, e.status, bad_responses, json_string(sample)))
  io.write(string.format("BENCH_FIELDS %.1f %.3f %.3f %d %d\n",
                         rps, ms(p50), ms(p99), summary.requests, bad))
end
