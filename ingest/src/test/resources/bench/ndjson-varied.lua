-- wrk script: POST /api/v1/events/bulk with BODIES (default 32) different NDJSON bodies of EVENTS
-- events each (default 100), sent in turn. Unlike ndjson-bulk.lua's one repeated body, every
-- event differs: an RFC 3339 timestamp (parsed by ingest, unlike epoch ms), varied users, hosts,
-- addresses, actions, severities and messages of varied length, some with nested objects, so
-- that gzip compresses the bodies about as much as it would real logs.
-- DUMP_DIR=dir writes dir/body-<n>.ndjson; GZ_DIR=dir sends dir/body-<n>.ndjson.gz instead,
-- gzip-encoded (gzip the dumped files first; see docs/ingest.md and run-http-bench.sh).
local events = tonumber(os.getenv("EVENTS") or "100")
local count = tonumber(os.getenv("BODIES") or "32")

local actions = {"login", "logout", "file_read", "file_write", "process_start", "dns_query", "http_request",
  "sudo", "ssh_auth_failed", "policy_change", "usb_mount", "firewall_drop"}
local severities = {"info", "info", "info", "notice", "warning", "error", "critical"}
local words = {"user", "session", "opened", "closed", "denied", "granted", "from", "to", "via", "browser",
  "token", "expired", "refreshed", "remote", "host", "connection", "reset", "timeout", "after", "retry",
  "request", "GET", "POST", "/api/v2/orders", "/login", "/static/app.js", "status", "200", "403", "500",
  "kernel", "audit", "policy", "rule", "matched", "quarantine", "upload", "download", "bytes", "ms"}

math.randomseed(20261124)

local function pick(list)
  return list[math.random(#list)]
end

local function rfc3339(ms)
  return os.date("!%Y-%m-%dT%H:%M:%S", math.floor(ms / 1000)) .. string.format(".%03dZ", ms % 1000)
end

local function message()
  local n = math.random(3, 24)
  local parts = {}
  for i = 1, n do
    parts[i] = pick(words)
  end
  return table.concat(parts, " ")
end

local function event(ms)
  local extra = ""
  if math.random() < 0.4 then
    extra = string.format(',"process":{"pid":%d,"name":"%s","args":["-c","%s"]}',
      math.random(100, 65000), pick({"bash", "python3", "java", "nginx", "sshd", "curl"}), pick(words))
  end
  return string.format(
    '{"timestamp":"%s","host":"srv-%03d.dc%d.example.net","user":"u%05d","action":"%s",'
      .. '"src_ip":"10.%d.%d.%d","severity":"%s","message":"%s","session":"%08x"%s}',
    rfc3339(ms), math.random(0, 199), math.random(1, 3), math.random(1, 20000), pick(actions),
    math.random(0, 255), math.random(0, 255), math.random(1, 254), pick(severities), message(),
    math.random(0, 2147483647), extra)
end

local bodies = {}
local clock = 1764000000000
for b = 1, count do
  local lines = {}
  for i = 1, events do
    clock = clock + math.random(0, 250)
    lines[i] = event(clock)
  end
  bodies[b] = table.concat(lines, "\n") .. "\n"
end

local dump = os.getenv("DUMP_DIR")
if dump then
  for b = 1, count do
    local file = assert(io.open(string.format("%s/body-%d.ndjson", dump, b), "wb"))
    file:write(bodies[b])
    file:close()
  end
end

local headers = {["Content-Type"] = "application/x-ndjson"}
local gz = os.getenv("GZ_DIR")
if gz then
  headers["Content-Encoding"] = "gzip"
  for b = 1, count do
    local file = assert(io.open(string.format("%s/body-%d.ndjson.gz", gz, b), "rb"))
    bodies[b] = file:read("*a")
    file:close()
  end
end

local total = 0
for b = 1, count do
  total = total + #bodies[b]
end

local requests = {}
local next_body = 0

function init(args)
  for b = 1, count do
    requests[b] = wrk.format("POST", "/api/v1/events/bulk", headers, bodies[b])
  end
end

function request()
  next_body = next_body % count + 1
  return requests[next_body]
end

function done(summary, latency, requests_done)
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  local ok = summary.requests - summary.errors.status
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "varied bodies: %d x %d events, %.0f bytes each on average%s; requests %d, non-2xx %d, socket errors %d\n",
    count, events, total / count, gz and " (gzip)" or "", summary.requests, summary.errors.status,
    failed - summary.errors.status))
  io.write(string.format("events accepted/s: %.0f (latency p50 %.1f ms, p99 %.1f ms)\n",
    ok * events / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
