-- wrk script for scripts/bench-transfers.sh: the banking API under load.
--   BENCH_MODE=transfers  POST /api/transfers of 0.01 EUR between the person's own two accounts
--                         (alternating direction), each with a unique Idempotency-Key; 201 expected
--   BENCH_MODE=accounts   GET /api/accounts; 200 expected
-- Environment: PASSBANK_TOKEN (bearer access token), PASSBANK_FROM / PASSBANK_TO (account ids),
-- BENCH_RUN (makes keys unique across runs on one database).
-- Prints one summary line (RESULT) and the same as JSON (JSON); wrk itself prints its usual report before them.

local mode = os.getenv("BENCH_MODE") or "transfers"
local token = os.getenv("PASSBANK_TOKEN") or error("PASSBANK_TOKEN is not set")
local from_id = os.getenv("PASSBANK_FROM") or ""
local to_id = os.getenv("PASSBANK_TO") or ""
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local expected = (mode == "transfers") and 201 or 200

-- main state: every thread, to collect their counters in done()
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

-- per-thread state
local counter = 0
unexpected = 0
first_unexpected = ""
local forth, back, get_accounts

local function transfer_body(from, to)
  return string.format(
    '{"fromAccountId":"%s","toAccountId":"%s","amount":{"amount":"0.01","currency":"EUR"},"reference":"bench"}',
    from, to)
end

function init(args)
  forth = transfer_body(from_id, to_id)
  back = transfer_body(to_id, from_id)
  get_accounts = wrk.format("GET", "/api/accounts", { ["Authorization"] = "Bearer " .. token })
end

function request()
  if mode == "accounts" then
    return get_accounts
  end
  counter = counter + 1
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%s-%d-%d", run, id, counter),
  }
  return wrk.format("POST", "/api/transfers", headers, (counter % 2 == 0) and back or forth)
end

function response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
    if first_unexpected == "" then
      first_unexpected = status .. " " .. string.sub(body or "", 1, 300)
    end
  end
end

function done(summary, latency, requests)
  local bad, first = 0, ""
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("unexpected") or 0)
    local text = thread:get("first_unexpected") or ""
    if first == "" then first = text end
  end
  local seconds = summary.duration / 1e6
  local ok = summary.requests - bad
  local errors = summary.errors
  local label = (mode == "transfers") and "transfers/s" or "requests/s"
  io.write(string.format(
    "RESULT %s: %.0f %s (%d answered %d in %.1f s), p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; " ..
    "non-%d answers: %d; socket errors: connect %d, read %d, write %d, timeout %d\n",
    mode, ok / seconds, label, ok, expected, seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    expected, bad, errors.connect, errors.read, errors.write, errors.timeout))
  if bad > 0 then
    io.write("RESULT first unexpected answer: " .. first .. "\n")
  end
  -- One machine-readable line for scripts/bench-load.py.
  local function quote(text)
    return '"' .. text:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
  end
  io.write(string.format(
    'JSON {"mode":%s,"ok":%d,"unexpected":%d,"seconds":%.3f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"first_unexpected":%s}\n',
    quote(mode), ok, bad, seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errors.connect, errors.read, errors.write, errors.timeout, quote(first)))
end
