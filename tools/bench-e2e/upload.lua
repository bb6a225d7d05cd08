-- wrk script for the end-to-end benchmark: each wrk thread POSTs the report bodies of its own file
-- (one JSON body per line, written by workload.py) to /api/upload, then stops once every upload it
-- sent is answered. It prints one "e2e-done <thread> <created> <failed>" line per thread as it
-- finishes (bench.py times the run by those lines) and the first failure's status and body.
--
--     wrk -t T -c C -d 1h -s upload.lua URL -- FILE_PREFIX [LIMIT_PER_THREAD]
--
-- Thread k reads FILE_PREFIX-k.jsonl. The first request of each thread is a GET /api/health:
-- wrk calls request() once on thread 1 to inspect it before sending anything, and that call must
-- not use up a body.

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

local file, limit
local sent, created, failed, answered = 0, 0, 0, 0
local exhausted, finished, first = false, false, true
local health = wrk.format("GET", "/api/health")

function init(args)
   file = assert(io.open(args[1] .. "-" .. id .. ".jsonl", "r"))
   limit = tonumber(args[2] or "") or math.huge
end

function request()
   if first then
      first = false
      return health
   end
   if not exhausted then
      local body = sent < limit and file:read("*l")
      if body then
         sent = sent + 1
         return wrk.format("POST", "/api/upload", { ["Content-Type"] = "application/json" }, body)
      end
      exhausted = true
   end
   return health
end

function response(status, headers, body)
   if status == 201 then
      created = created + 1
      answered = answered + 1
   elseif not (status == 200 and body:find('"health"', 1, true)) then
      failed = failed + 1
      answered = answered + 1
      if failed == 1 then
         io.write(string.format("e2e-failure %d %d %s\n", id, status, body:sub(1, 300)))
      end
   end
   if exhausted and not finished and answered >= sent then
      finished = true
      io.write(string.format("e2e-done %d %d %d\n", id, created, failed))
      io.flush()
      wrk.thread:stop()
   end
end

function done(summary, latency, requests)
   local created, failed = 0, 0
   for _, thread in ipairs(threads) do
      created = created + thread:get("created")
      failed = failed + thread:get("failed")
   end
   io.write(string.format("e2e-total %d %d\n", created, failed))
end
