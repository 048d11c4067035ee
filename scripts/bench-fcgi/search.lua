-- wrk script for scripts/bench: /search/ with a rotating mix of queries,
-- one per line (URL-encoded) in the file named by $SEARCH_QUERIES, which
-- scripts/bench writes for its corpus (common and rare words, two words, a
-- phrase, a tag filter, a wildcard, a misspelling, a second page). Each
-- request also carries a parameter (&n=...; the search page ignores it)
-- that no other request of the last thousands has, so that levelpress's
-- render cache, which keeps result pages per query string, never answers:
-- every request searches.
-- The request lines are built once, at the start: a pool of 20 per query
-- per thread, each with its own &n, sent in turn. Building a line per
-- request (three strings joined, and a number turned into one) cost wrk
-- ~30% more CPU than a request for "/" (no script), on the same 2 CPUs as
-- nginx and levelpress. A line comes back only after the thread's 2,000
-- others (4,000 with both threads' searches): levelpress keeps a few
-- hundred result pages (a quarter of render_cache_bytes), so it has long
-- forgotten it and searches again.
local queries = {}
for line in io.lines(os.getenv("SEARCH_QUERIES")) do
  if line ~= "" then queries[#queries + 1] = line end
end
local lines = {}
local i = 0
-- Each thread's own id (the run's start and its number): wrk runs this
-- script in a Lua state per thread, whose math.random gives every thread
-- the same numbers, so the threads sent the same query strings.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", os.time() .. "t" .. threads)
end
init = function()
  local host = wrk.headers["Host"] or wrk.host .. ":" .. wrk.port
  local tail = " HTTP/1.1\r\nHost: " .. host .. "\r\n\r\n"
  for round = 1, 20 do
    for k, q in ipairs(queries) do
      local n = #lines + 1
      lines[n] = "GET /search/?q=" .. q .. "&n=" .. id .. "-" .. n .. tail
    end
  end
end
request = function()
  i = i % #lines + 1
  return lines[i]
end
