-- Scenario A: random byte ranges (64 KiB by default) over the bench files, on keep-alive
-- connections. Every answer must be a 206 whose body is exactly the requested span; anything
-- else is counted (and the first few are printed) as an error.
--
-- usage: [BENCH_HEADER_FILE=FILE] wrk -s ranges.lua [-H 'Name: value'] http://127.0.0.1:PORT -- TARGETS_TSV [SPAN_BYTES]
--   TARGETS_TSV: one line per file, "<request path>\t<size in bytes>[\t...]".
--   Every request carries wrk's headers (Host, any -H) and those of BENCH_HEADER_FILE, one
--   "Name: value" a line: stream.sh puts cadenza's `Authorization: Bearer KEY` there (for nginx
--   too, so both get requests of the same size), which keeps the key off the command line.
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
local headers = {} -- sent with every request, besides Range

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
   assert(file, "usage: wrk -s ranges.lua URL -- TARGETS_TSV [SPAN_BYTES]")
   span = tonumber(args[2] or "65536")
   for line in io.lines(file) do
      local path, size = line:match("^([^\t]+)\t(%d+)")
      if path and tonumber(size) >= span then
         targets[#targets + 1] = { path = path, size = tonumber(size) }
      end
   end
   assert(#targets > 0, "no usable targets in " .. file)
   headers = common_headers()
   math.randomseed(os.time() + 7919 * (thread_id or 0))
   for _ = 1, 10 do math.random() end
end

function request()
   local t = targets[math.random(#targets)]
   local first = math.random(0, t.size - span)
   if math.random() < 0.5 then
      first = first - first % span -- half the requests start on a span boundary
   end
   -- wrk.format ignores wrk.headers (-H) when given a table: the copy carries them, and is fresh
   -- each time because wrk.format writes into it.
   local h = { ["Range"] = "bytes=" .. first .. "-" .. (first + span - 1) }
   for name, value in pairs(headers) do h[name] = value end
   return wrk.format("GET", t.path, h)
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
