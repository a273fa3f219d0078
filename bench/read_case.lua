-- wrk script: GET /api/v1/cases/{id} with a bearer token, rotating over the ids 1..N so the
-- load is spread over the whole table (and its audit writes) rather than one hot row.
--   BROBYGGER_TOKEN  API token (required)
--   BENCH_CASES      number of cases in the database (default 10000)
-- Usage: wrk -t2 -c64 -d10s --latency -s bench/read_case.lua http://127.0.0.1:PORT

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local token = os.getenv("BROBYGGER_TOKEN")
if not token or token == "" then error("read_case.lua: set BROBYGGER_TOKEN") end
local cases = tonumber(os.getenv("BENCH_CASES") or "10000")

wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"

-- 7919 is prime, so stepping by it modulo N visits every id once per round (unless N is a
-- multiple of 7919); each thread starts at a different place.
local stride = 7919
if cases % stride == 0 then stride = 1 end

start = 0

function bench_setup(thread, index)
  thread:set("start", (index - 1) * 4999)
end

local requests = {}
local next_index = 0

-- Requests are formatted once up front; request() only picks the next one (cheap for wrk,
-- which shares the CPU with the server).
function init(args)
  for k = 0, cases - 1 do
    local id = (start + k * stride) % cases + 1
    requests[k + 1] = wrk.format(nil, "/api/v1/cases/" .. id)
  end
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end
