-- wrk script for scripts/bench: /search/ with a rotating mix of queries over
-- the words of scripts/gen-corpus, so no one query is measured alone.
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
request = function()
  i = i % #queries + 1
  return wrk.format(nil, "/search/?q=" .. queries[i])
end
