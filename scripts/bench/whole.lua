-- Scenario C: whole-file GETs of a random bench file, on keep-alive connections.
-- No response() callback on purpose: with one, wrk copies every 5 MB body into a Lua string,
-- and the client (not the server) becomes the bottleneck. wrk itself still counts HTTP errors
-- (status >= 400) and socket errors; the byte count is checked against the file sizes instead.
--
-- usage: wrk -s whole.lua http://127.0.0.1:PORT -- TARGETS_TSV
-- At the end one line "BENCH_JSON {...}" sums the run up for stream.sh.

local threads = {}
local thread_count = 0

function setup(thread)
   thread_count = thread_count + 1
   thread:set("thread_id", thread_count)
   table.insert(threads, thread)
end

local targets = {}

function init(args)
   local file = args[1]
   assert(file, "usage: wrk -s whole.lua URL -- TARGETS_TSV")
   for line in io.lines(file) do
      local path, size = line:match("^([^\t]+)\t(%d+)")
      if path then
         targets[#targets + 1] = wrk.format("GET", path)
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
