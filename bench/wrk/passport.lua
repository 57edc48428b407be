-- wrk script of bench/passport_load.py: full passports of random patients, each asked as a
-- clinician of the patient's polyclinic or the coordinator of its district (so the row-level
-- rule runs on every request). bench/passport_load.py fills in the three values below.
local patients = __PATIENTS__
local districts = __DISTRICTS__
local tokens = __TOKENS__ -- tokens[district + 1] = {clinician token, coordinator token}
local query = __QUERY__

local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(5 + seed)
  shown, refused = 0, 0
end

function request()
  local index = math.random(0, patients - 1)
  local pair = tokens[(index % districts) + 1]
  local body = '{"query":' .. query .. ',"variables":{"id":"bench-'
      .. string.format("%06d", index) .. '","asOf":"2026-11-01"}}'
  return wrk.format("POST", "/graphql", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. pair[math.random(1, 2)],
  }, body)
end

function response(status, headers, body)
  -- A passport shown in full; anything else (an error, "not found") is counted apart.
  if status == 200 and string.find(body, '"__typename":"Passport"', 1, true)
      and not string.find(body, '"errors"', 1, true) then
    shown = shown + 1
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local shown_total, failed_total = 0, 0
  for _, thread in ipairs(threads) do
    shown_total = shown_total + thread:get("shown")
    failed_total = failed_total + thread:get("refused")
  end
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"seconds":%.3f,"shown":%d,"failed":%d,'
      .. '"socket_errors":%d,"p50_ms":%.2f,"p95_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f}\n',
    summary.requests, summary.duration / 1e6, shown_total, failed_total,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
