-- Adds the headers of the file BENCH_HEADER_FILE ("Name: value" a line; the bench scripts'
-- `Authorization: Bearer KEY`) to every request, so the key is on no command line.
-- usage: BENCH_HEADER_FILE=FILE wrk -s header_file.lua URL
local file = os.getenv("BENCH_HEADER_FILE")
if file and file ~= "" then
   for line in io.lines(file) do
      local name, value = line:match("^([^:]+):%s*(.-)%s*$")
      if name then wrk.headers[name] = value end
   end
end
