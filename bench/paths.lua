-- wrk script: GET requests over a list of paths, in turn (each thread starts at a different
-- place), for the per-operation latencies of bench/scale.sh.
--   BENCH_PATHS   a file with one path (and query) per line (required)
--   BENCH_AUTH    value of the Authorization header, e.g. "Bearer …" (optional)
--   BENCH_COOKIE  value of the Cookie header, for the staff pages (optional)
-- Usage: wrk -t1 -c1 -d10s --latency -s bench/paths.lua http://127.0.0.1:PORT

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local file = os.getenv("BENCH_PATHS")
if not file or file == "" then error("paths.lua: set BENCH_PATHS") end

wrk.method = "GET"
wrk.headers["Accept"] = "application/json"
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end

start = 0

function bench_setup(thread, index)
  thread:set("start", (index - 1) * 7)
end

local requests = {}
local next_index = 0

function init(args)
  for line in io.lines(file) do
    if line ~= "" then requests[#requests + 1] = wrk.format(nil, line) end
  end
  if #requests == 0 then error("paths.lua: no paths in " .. file) end
  next_index = start % #requests
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end
