-- Reads one URL (wrk's own fast path: one request, made once) and prints
-- the run's figures as a JSON line for bench.mjs. The cookie, if any, comes
-- from the first script argument.

function init(args)
  if args[1] and args[1] ~= "" then
    wrk.headers["Cookie"] = args[1]
  end
  wrk.headers["Accept"] = "text/html"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
