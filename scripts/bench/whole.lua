-- Scenario C: whole-file GETs of a random bench file, on keep-alive connections.
-- No response() callback on purpose: with one, wrk copies every 5 MB body into a Lua string,
-- and the client (not the server) becomes the bottleneck. wrk itself still counts HTTP errors
-- (status >= 400) and socket errors; the byte count is checked against the file sizes instead.
--
-- usage: [BENCH_HEADER_FILE=FILE] wrk -s whole.lua [-H 'Name: value'] http://127.0.0.1:PORT -- TARGETS_TSV
-- Every request carries wrk's headers (Host, any -H) and those of BENCH_HEADER_FILE, one
-- "Name: value" a line (stream.sh: cadenza's `Authorization: Bearer KEY`, for nginx too).
-- At the end one line "BENCH_JSON {...}" sums the run up for stream.sh.

local threads = {}
local thread_count = 0

function setup(thread)
   thread_count = thread_count + 1
   thread:set("thread_id", thread_count)
   table.insert(threads, thread)
end

local targets = {}

-- wrk's headers plus those of the file named by BENCH_HEADER_FILE (if set).
local function common_headers()
   local h = {}
   for name, value in pairs(wrk.headers) do h[name] = value end
   local file = os.getenv("BENCH_HEADER_FILE")
   if file and file ~= "" then
      local n = 0
      for line in io.lines(file) do
         n = n + 1
         if not line:match("^%s*$") and not line:match("^%s*#") then
            local name, value = line:match("^([^:%s]+):%s*(.-)%s*$")
            -- the line itself is not shown: it may hold a key
            assert(name, "BENCH_HEADER_FILE, line " .. n .. ": not a \"Name: value\" header")
            h[name] = value
         end
      end
   end
   h["Content-Length"] = nil
   return h
end

function init(args)
   local file = args[1]
   assert(file, "usage: wrk -s whole.lua URL -- TARGETS_TSV")
   local headers = common_headers()
   for line in io.lines(file) do
      local path, size = line:match("^([^\t]+)\t(%d+)")
      if path then
         local h = {}
         for name, value in pairs(headers) do h[name] = value end
         targets[#targets + 1] = wrk.format("GET", path, h)
      end
   end
   assert(#targets > 0, "no targets in " .. file)
   math.randomseed(os.time() + 7919 * (thread_id or 0))
   for _ = 1, 10 do math.random() end
end

function request()
   return targets[math.random(#targets)]
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
      '"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d}\n',
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
      e.connect, e.read, e.write, e.status, e.timeout))
end
