-- wrk script for scripts/bench: /search/ with a rotating mix of queries over
-- the words of scripts/gen-corpus. Each request also carries a parameter
-- that no two requests share (&n=...; the search page ignores it), so that
-- levelpress's render cache, which keeps result pages per query string,
-- never answers: every request searches.
local queries = {
  "replica",                                   -- a common word
  "%22connection+pool%22",                     -- a phrase
  "query+planner+timeout",                     -- several words
  "tag%3APostgreSQL+replica",                  -- a tag filter
  "prefetch*",                                 -- a wildcard
  "invalidated+webhook",
  "replca",                                    -- nothing: "did you mean"
  "scheduler&page=2",                          -- a second page
}
local i = 0
local id = math.random(1, 1000000000)
request = function()
  i = i + 1
  local q = queries[(i - 1) % #queries + 1]
  return wrk.format(nil, "/search/?q=" .. q .. "&n=" .. id .. "-" .. i)
end
