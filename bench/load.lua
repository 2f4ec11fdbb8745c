-- wrk script for bench/load.sh: POSTs drafts from a corpus file (one post per line) to the check
-- API, either one per request ("single") or 50 per request to /batch ("batch"), and counts the
-- answers by status so the harness can compare successes with the rows in the decision log.
local drafts = {}
-- Globals, so done() can read them from a thread.
mode = "single"
local next_index = 1
-- Globals, not locals: wrk's thread:get() reads a thread's globals in done().
ok, refused, failed, checks = 0, 0, 0, 0
local threads = {}

local function escape(s)
  s = s:gsub('\\', '\\\\'):gsub('"', '\\"')
  s = s:gsub('[%c]', function(c) return string.format('\\u%04x', string.byte(c)) end)
  return s
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local path, key = args[1], args[2]
  mode = args[3] or "single"
  for line in io.lines(path) do
    if #line > 0 then drafts[#drafts + 1] = escape(line) end
  end
  -- Threads start at different places in the corpus, so they do not send the same drafts in step.
  next_index = (tonumber(tostring(math.random(1, #drafts))) or 1)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. key
end

local function draft()
  local d = drafts[next_index]
  next_index = next_index % #drafts + 1
  return '{"text":"' .. d .. '","account":{"kind":"private"}}'
end

function request()
  if mode == "batch" then
    local items = {}
    for i = 1, 50 do items[i] = draft() end
    return wrk.format(nil, "/api/v1/checks/batch", nil, '{"items":[' .. table.concat(items, ",") .. ']}')
  end
  return wrk.format(nil, "/api/v1/checks", nil, draft())
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
    checks = checks + (mode == "batch" and 50 or 1)
  elseif status == 503 then
    refused = refused + 1
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local t_ok, t_refused, t_failed, t_checks = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    t_ok = t_ok + thread:get("ok")
    t_refused = t_refused + thread:get("refused")
    t_failed = t_failed + thread:get("failed")
    t_checks = t_checks + thread:get("checks")
  end
  local mode = threads[1] and threads[1]:get("mode") or mode
  io.write(string.format("RESULT mode=%s ok=%d refused503=%d failed=%d checks=%d socket_errors=%d duration_s=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    mode, t_ok, t_refused, t_failed, t_checks,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
