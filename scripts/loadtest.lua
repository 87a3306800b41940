-- wrk script: counts responses per status code, spreads requests over the given paths,
-- and prints one machine-readable line (read by scripts/loadtest.py).
--   wrk -s scripts/loadtest.lua http://127.0.0.1:8000 -- /projets/ /projets/terra-arte/

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for _, path in ipairs(args) do table.insert(paths, path) end
  if #paths == 0 then paths = { "/" } end
  index = 0
  statuses = {}
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(counts) do
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    'LOADTEST {"requests": %d, "duration_s": %.3f, "bytes": %d, "statuses": {%s}, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_ms": {"mean": %.2f, "stdev": %.2f, "p50": %.2f, "p90": %.2f, "p99": %.2f, "max": %.2f}}\n',
    summary.requests, summary.duration / 1e6, summary.bytes, table.concat(parts, ", "),
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency.mean / 1e3, latency.stdev / 1e3, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3))
end
