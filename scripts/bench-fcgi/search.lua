-- wrk script for scripts/bench: /search/ with a rotating mix of queries,
-- one per line (URL-encoded) in the file named by $SEARCH_QUERIES, which
-- scripts/bench writes for its corpus (common and rare words, two words, a
-- phrase, a tag filter, a wildcard, a misspelling, a second page). Each
-- request also carries a parameter that no two requests share (&n=...; the
-- search page ignores it), so that levelpress's render cache, which keeps
-- result pages per query string, never answers: every request searches.
-- Each request line is two strings joined (built once per query at the
-- start), as cheap for wrk as it can be: wrk shares the 2 CPUs with nginx
-- and levelpress, and wrk.format per request cost it ~30% more CPU than a
-- request for "/" (no script).
local queries = {}
for line in io.lines(os.getenv("SEARCH_QUERIES")) do
  if line ~= "" then queries[#queries + 1] = line end
end
local heads, tail = {}, ""
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
  for k, q in ipairs(queries) do
    heads[k] = "GET /search/?q=" .. q .. "&n=" .. id .. "-"
  end
  local host = wrk.headers["Host"] or wrk.host .. ":" .. wrk.port
  tail = " HTTP/1.1\r\nHost: " .. host .. "\r\n\r\n"
end
request = function()
  i = i + 1
  return heads[(i - 1) % #heads + 1] .. i .. tail
end
