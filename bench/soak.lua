-- wrk script for bench/soak.sh: a mixed load of what an office's users and integrations do,
-- chosen at random per request (each wrk thread has its own seed):
--   44 %  GET  /api/v1/cases/{id}                 a case (audited read), ids 1..BENCH_CASES
--   14 %  GET  /api/v1/cases?q=WORD               full-text search
--   10 %  GET  /api/v1/cases?status=…&department=… list with filters
--   15 %  POST /api/v1/cases                      durable intake (must answer 201)
--   12 %  POST /api/v1/cases/{id}/journal         a journal note (must answer 201)
--    3 %  GET  /api/v1/statistics?period=YEAR     report figures for a year
--    2 %  GET  /api/v1/reports/annual?year=YEAR   the annual report's figures
--
--   BROBYGGER_TOKEN  API token of an advisor (required)
--   BENCH_CASES      number of cases present at the start (required)
--   BENCH_YEAR       year for statistics and reports (default: last year)
--   BENCH_WRITES     0: the intake and journal shares become case reads (the data then stays
--                    the same size, to tell memory that follows the data from a leak)
-- Every status other than 2xx (201 for the POSTs) is counted by report.lua as unexpected.
-- Usage: wrk -t2 -c256 -d600s --timeout 10s --latency -s bench/soak.lua http://127.0.0.1:PORT

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local token = os.getenv("BROBYGGER_TOKEN")
if not token or token == "" then error("soak.lua: set BROBYGGER_TOKEN") end
local cases = tonumber(os.getenv("BENCH_CASES") or "")
if not cases or cases < 1 then error("soak.lua: set BENCH_CASES") end
local year = tonumber(os.getenv("BENCH_YEAR") or "") or (tonumber(os.date("%Y")) - 1)
local writes = os.getenv("BENCH_WRITES") ~= "0"

local get_headers = { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" }
local post_headers = { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json",
                       ["Content-Type"] = "application/json" }

local words = { "afslag", "brev", "telefon", "jobcenter", "bolig", "klage", "borgeren", "hjemmehj%C3%A6lp",
                "afg%C3%B8relsen", "sagsbehandler", "partsh%C3%B8ring", "begrundelse" }
local statuses = { "ny", "i_gang", "afventer_borger", "afsluttet" }
local departments = { "Jobcenter", "Borgerservice", "Ydelser", "Teknik%20og%20Milj%C3%B8" }

-- New cases look like an office's: a date of receipt within the last two years, a channel,
-- reason and department, and a summary of a few words, all drawn at random (cases that were
-- all alike, received the same day, made every list sort them all: see PERFORMANCE.md).
local channels = { "telefon", "email", "brev", "personligt", "webformular", "digital_post" }
local reasons = { "forstaa", "kontakt", "hjaelp", "hoert", "klage", "andet" }
local intake_departments = { "Jobcenter", "Borgerservice", "Ydelser", "Voksen og Handicap", "B\195\184rn og Familie",
                             "Sundhed og Omsorg", "Teknik og Milj\195\184" }
local summary_words = { "afslag", "bolig", "st\195\184tte", "klage", "brev", "afg\195\184relse", "partsh\195\184ring",
                        "begrundelse", "jobcenter", "ventetid", "hjemmehj\195\166lp", "sagsbehandler", "frist",
                        "aktindsigt", "kontanthj\195\166lp", "handicap", "bil", "skole", "tandpleje", "ydelse" }
local function pick(list) return list[math.random(#list)] end
local function case_body()
  local words = {}
  for i = 1, 6 do words[i] = pick(summary_words) end
  return '{"received":"' .. os.date("%Y-%m-%d", os.time() - math.random(1, 700) * 86400) .. '",' ..
         '"channel":"' .. pick(channels) .. '","reasons":["' .. pick(reasons) .. '"],' ..
         '"departments":["' .. pick(intake_departments) .. '"],' ..
         '"summary":"Soak-henvendelse: ' .. table.concat(words, " ") .. '.",' ..
         '"citizen":{"name":"Soak Borger ' .. math.random(100000) .. '"}}'
end
local note_body = '{"kind":"note","text":"Soak-notat: borgeren er ringet op og har f\195\165et svar."}'

seed = 1
function bench_setup(thread, index)
  thread:set("seed", index * 7919)
end

-- What each request expects, in the order they were sent on each connection is not known to
-- response(); so POSTs and GETs are told apart by the status class only: 2xx is fine.
function init(args)
  math.randomseed(seed + os.time())
end

function request()
  local r = math.random(100)
  if r <= 44 then
    return wrk.format("GET", "/api/v1/cases/" .. math.random(cases), get_headers)
  elseif r <= 58 then
    return wrk.format("GET", "/api/v1/cases?q=" .. words[math.random(#words)], get_headers)
  elseif r <= 68 then
    return wrk.format("GET", "/api/v1/cases?status=" .. statuses[math.random(#statuses)] .. "&department=" ..
                      departments[math.random(#departments)] .. "&limit=50", get_headers)
  elseif r <= 95 and not writes then
    return wrk.format("GET", "/api/v1/cases/" .. math.random(cases), get_headers)
  elseif r <= 83 then
    return wrk.format("POST", "/api/v1/cases", post_headers, case_body())
  elseif r <= 95 then
    return wrk.format("POST", "/api/v1/cases/" .. math.random(cases) .. "/journal", post_headers, note_body)
  elseif r <= 98 then
    return wrk.format("GET", "/api/v1/statistics?period=" .. year, get_headers)
  else
    return wrk.format("GET", "/api/v1/reports/annual?year=" .. year, get_headers)
  end
end

function response(status, headers, body)
  count_unexpected(status, body, status >= 200 and status <= 299)
end
