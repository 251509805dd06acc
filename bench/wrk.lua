-- wrk script for bench/serve.py (bench/wrk.py runs it). Arguments after `--`: a request
-- limit per thread (0: none) and paths to cycle through (none: the URL's path). At the
-- limit a thread prints "stopped" and stops; wrk itself only stops at -d or on SIGINT,
-- which bench/wrk.py sends once every thread has stopped. done() prints one JSON line with
-- the percentiles wrk's own summary lacks (p95).
local limit, paths, next_path, answered = 0, {}, 1, 0

function init(args)
  limit = tonumber(args[1]) or 0
  for i = 2, #args do
    paths[#paths + 1] = args[i]
  end
  if limit == 0 then
    response = nil -- without a response() callback wrk skips Lua for each answer
  end
end

function request()
  if #paths == 0 then
    return wrk.format()
  end
  local path = paths[next_path]
  next_path = next_path % #paths + 1
  return wrk.format(nil, path)
end

function response(status, headers, body)
  answered = answered + 1
  if answered == limit then
    io.write("stopped\n")
    io.stdout:flush()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "socket_errors": %d, "status_errors": %d, '
      .. '"p50": %.3f, "p95": %.3f, "p99": %.3f}\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000
  ))
end
