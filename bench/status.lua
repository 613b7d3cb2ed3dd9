-- wrk script: counts every response that is not a 200 (wrk itself lets 3xx pass, so a run that
-- was redirected to the sign-in page would look healthy) and prints the figures bench/run.sh reads.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok = 0
  other = 0
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_other = 0, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_other = total_other + t:get("other")
  end
  local e = summary.errors
  io.write(string.format("BENCH requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f ok=%d not200=%d socket_errors=%d timeouts=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    total_ok, total_other, e.connect + e.read + e.write, e.timeout))
end
