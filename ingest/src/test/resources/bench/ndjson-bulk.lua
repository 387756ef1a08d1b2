-- wrk script: POST /api/v1/events/bulk with an NDJSON body of EVENTS events (default 100),
-- each about 213 bytes (21,368 bytes for 100), as a SIEM shipper would send them. The one body
-- is sent again and again, with epoch-millisecond timestamps; ndjson-varied.lua varies them.
-- Reports events accepted per second (requests answered 2xx times EVENTS). BODY_GZ_FILE=path
-- sends that file instead, gzip encoded: write the same body with DUMP_BODY=path first (see
-- docs/ingest.md and run-http-bench.sh).
local events = tonumber(os.getenv("EVENTS") or "100")
local lines = {}
for i = 1, events do
  lines[i] = string.format(
    '{"timestamp":%d,"host":"web%02d","user":"user%d","action":"login","src_ip":"10.0.%d.%d",'
      .. '"severity":"info","message":"user logged in from a browser",'
      .. '"session":{"id":"s%d","mfa":true},"tags":["auth","web"]}',
    1764000000000 + i, i % 20, i, i % 256, i % 200, i)
end

wrk.method = "POST"
wrk.path = "/api/v1/events/bulk"
wrk.headers["Content-Type"] = "application/x-ndjson"
wrk.body = table.concat(lines, "\n") .. "\n"

local dump = os.getenv("DUMP_BODY")
if dump then
  local file = assert(io.open(dump, "wb"))
  file:write(wrk.body)
  file:close()
end

local gz = os.getenv("BODY_GZ_FILE")
if gz then
  local file = assert(io.open(gz, "rb"))
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Encoding"] = "gzip"
end

function done(summary, latency, requests)
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  local ok = summary.requests - summary.errors.status
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "bulk body: %d events, %d bytes; requests %d, non-2xx %d, socket errors %d\n",
    events, #wrk.body, summary.requests, summary.errors.status, failed - summary.errors.status))
  io.write(string.format("events accepted/s: %.0f (latency p50 %.1f ms, p99 %.1f ms)\n",
    ok * events / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
