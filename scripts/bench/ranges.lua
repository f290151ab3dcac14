-- Scenario A: random byte ranges (64 KiB by default) over the bench files, on keep-alive
-- connections. Every answer must be a 206 whose body is exactly the requested span; anything
-- else is counted (and the first few are printed) as an error.
--
-- usage: wrk -s ranges.lua http://127.0.0.1:PORT -- TARGETS_TSV [SPAN_BYTES]
--   TARGETS_TSV: one line per file, "<request path>\t<size in bytes>[\t...]".
-- At the end one line "BENCH_JSON {...}" sums the run up for stream.sh.

local threads = {}
local thread_count = 0

function setup(thread)
   thread_count = thread_count + 1
   thread:set("thread_id", thread_count)
   table.insert(threads, thread)
end

-- Per thread (each wrk thread has its own Lua state); globals so done() can read them.
bad_status = 0
bad_length = 0
local targets = {}
local span = 65536

function init(args)
   local file = args[1]
   assert(file, "usage: wrk -s ranges.lua URL -- TARGETS_TSV [SPAN_BYTES]")
   span = tonumber(args[2] or "65536")
   for line in io.lines(file) do
      local path, size = line:match("^([^\t]+)\t(%d+)")
      if path and tonumber(size) >= span then
         targets[#targets + 1] = { path = path, size = tonumber(size) }
      end
   end
   assert(#targets > 0, "no usable targets in " .. file)
   math.randomseed(os.time() + 7919 * (thread_id or 0))
   for _ = 1, 10 do math.random() end
end

function request()
   local t = targets[math.random(#targets)]
   local first = math.random(0, t.size - span)
   if math.random() < 0.5 then
      first = first - first % span -- half the requests start on a span boundary
   end
   return wrk.format("GET", t.path, { ["Range"] = "bytes=" .. first .. "-" .. (first + span - 1) })
end

function response(status, headers, body)
   if status ~= 206 then
      bad_status = bad_status + 1
      if bad_status <= 5 then
         io.stderr:write(string.format("ranges.lua: status %d (expected 206)\n", status))
      end
   elseif #body ~= span then
      bad_length = bad_length + 1
      if bad_length <= 5 then
         io.stderr:write(string.format("ranges.lua: body of %d bytes (expected %d)\n", #body, span))
      end
   end
end

function done(summary, latency, requests)
   local bs, bl = 0, 0
   for _, t in ipairs(threads) do
      bs = bs + (t:get("bad_status") or 0)
      bl = bl + (t:get("bad_length") or 0)
   end
   if bs + bl > 0 then
      io.write(string.format("ranges.lua: %d non-206 answers, %d with a wrong body length\n", bs, bl))
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
      '"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d,' ..
      '"bad_status":%d,"bad_length":%d}\n',
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
      e.connect, e.read, e.write, e.status, e.timeout, bs, bl))
end
