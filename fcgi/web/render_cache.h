// RenderCache: rendered pages kept in memory, so that a page is rendered
// once per change and not once per request ("render once, serve many").
// An entry is valid only for the store generation and the configuration it
// was rendered with, and until the page would change by itself (a
// scheduled post going live) or max_age passes (the footer's year is the
// only other input that moves with time). A configuration is known by its
// id (SiteConfig::id, from a process-wide counter), never by its address:
// a reload may allocate the new configuration where the old one was. Least
// recently used entries go when the cache holds more than its byte budget,
// which a reload may change (set_max_bytes). Thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "mutex.h"

namespace levelpress {

// A hole of a fragment: at this byte of its body goes the request's part
// named `part` (fragment.h).
struct Hole {
  size_t at;
  char part;
};

struct CachedPage {
  std::string body;
  std::string etag;
  std::string content_type;
  int64_t last_modified = 0;
  int64_t expires_at = 0;   // 0: none
  uint64_t generation = 0;  // of the store when rendered
  uint64_t config_id = 0;   // SiteConfig::id it was rendered with
  int64_t rendered_at = 0;  // valid from here (a clock set back misses)...
  int64_t valid_until = 0;  // ...to the first second it must not be used
  // A fragment's holes (fragment.h): where in body the parts that change
  // with each request go, in order.
  std::vector<Hole> holes;

  // Valid for this generation and configuration from now, for max_age
  // seconds or until changes_at (when it is after now), the sooner.
  void ValidFor(uint64_t store_generation, uint64_t config, int64_t now,
                int64_t max_age, int64_t changes_at) {
    generation = store_generation;
    config_id = config;
    rendered_at = now;
    valid_until = now + max_age;
    if (changes_at > now) valid_until = std::min(valid_until, changes_at);
  }
};

class RenderCache {
 public:
  explicit RenderCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  std::shared_ptr<const CachedPage> Get(const std::string& path,
                                        uint64_t generation, uint64_t config_id,
                                        int64_t now);
  // Get for each of paths, in one hold of the lock (a search page asks
  // for its ten results' markups at once): null where none is valid.
  std::vector<std::shared_ptr<const CachedPage>> GetAll(
      const std::vector<std::string>& paths, uint64_t generation,
      uint64_t config_id, int64_t now);
  void Put(const std::string& path, std::shared_ptr<const CachedPage> page);
  size_t bytes() const;
  size_t max_bytes() const;
  // A new budget (render_cache_bytes after SIGHUP); evicts down to it.
  void set_max_bytes(size_t max_bytes);

 private:
  using Lru = std::list<std::string>;  // paths, most recent first
  struct Slot {
    std::shared_ptr<const CachedPage> page;
    Lru::iterator lru;
  };
  std::shared_ptr<const CachedPage> GetLocked(const std::string& path,
                                              uint64_t generation,
                                              uint64_t config_id, int64_t now)
      REQUIRES(mu_);
  void EraseLocked(std::unordered_map<std::string, Slot>::iterator it)
      REQUIRES(mu_);
  void TrimLocked() REQUIRES(mu_);

  mutable Mutex mu_;
  size_t max_bytes_ GUARDED_BY(mu_);
  std::unordered_map<std::string, Slot> slots_ GUARDED_BY(mu_);
  Lru lru_ GUARDED_BY(mu_);
  size_t bytes_ GUARDED_BY(mu_) = 0;
};

}  // namespace levelpress
