-- wrk script for scripts/bench: /search/ with a rotating mix of queries,
-- one per line (URL-encoded) in the file named by $SEARCH_QUERIES, which
-- scripts/bench writes for its corpus (common and rare words, two words, a
-- phrase, a tag filter, a wildcard, a misspelling, a second page). Each
-- request also carries a parameter that no two requests share (&n=...; the
-- search page ignores it), so that levelpress's render cache, which keeps
-- result pages per query string, never answers: every request searches.
local queries = {}
for line in io.lines(os.getenv("SEARCH_QUERIES")) do
  if line ~= "" then queries[#queries + 1] = line end
end
local i = 0
local id = math.random(1, 1000000000)
request = function()
  i = i + 1
  local q = queries[(i - 1) % #queries + 1]
  return wrk.format(nil, "/search/?q=" .. q .. "&n=" .. id .. "-" .. i)
end
