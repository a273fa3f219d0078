-- wrk script: POST /api/v1/cases (durable intake: every 201 means committed with
-- synchronous=FULL). Any status other than 201 is counted and reported by report.lua.
--   BROBYGGER_TOKEN    API token of a user who may write cases (required)
--   BENCH_DEPARTMENT   a department of the office's list (default "Jobcenter")
-- Usage: wrk -t2 -c64 -d10s --latency -s bench/create_case.lua http://127.0.0.1:PORT

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local token = os.getenv("BROBYGGER_TOKEN")
if not token or token == "" then error("create_case.lua: set BROBYGGER_TOKEN") end

wrk.method = "POST"
wrk.path = "/api/v1/cases"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
local department = os.getenv("BENCH_DEPARTMENT") or ""
if department == "" then department = "Jobcenter" end
if department:find('["\\%c]') then error("create_case.lua: BENCH_DEPARTMENT must not contain quotes") end
wrk.body = '{"received":"2024-03-14","channel":"telefon","reasons":["klage"],' ..
           '"departments":["' .. department .. '"],"summary":"Benchmark-henvendelse om afslag.",' ..
           '"citizen":{"name":"Bench Borger"}}'

function response(status, headers, body)
  count_unexpected(status, body, status == 201)
end
