// RenderCache: rendered pages kept in memory, so that a page is rendered
// once per change and not once per request ("render once, serve many").
// An entry is valid only for the store generation and the configuration it
// was rendered with, and until the page would change by itself (a
// scheduled post going live) or max_age passes (the footer's year is the
// only other input that moves with time). Least recently used entries go
// when the cache holds more than its byte budget. Thread-safe.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace levelpress {

struct SiteConfig;

struct CachedPage {
  std::string body;
  std::string etag;
  std::string content_type;
  int64_t last_modified = 0;
  int64_t expires_at = 0;   // 0: none
  uint64_t generation = 0;  // of the store when rendered
  const SiteConfig* config = nullptr;
  int64_t rendered_at = 0;  // valid from here (a clock set back misses)...
  int64_t valid_until = 0;  // ...to the first second it must not be used
};

class RenderCache {
 public:
  explicit RenderCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  std::shared_ptr<const CachedPage> Get(const std::string& path,
                                        uint64_t generation,
                                        const SiteConfig* config, int64_t now);
  void Put(const std::string& path, std::shared_ptr<const CachedPage> page);
  size_t bytes() const;

 private:
  using Lru = std::list<std::string>;  // paths, most recent first
  struct Slot {
    std::shared_ptr<const CachedPage> page;
    Lru::iterator lru;
  };
  void EraseLocked(std::unordered_map<std::string, Slot>::iterator it);

  const size_t max_bytes_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Slot> slots_;  // guarded by mu_
  Lru lru_;                                      // guarded by mu_
  size_t bytes_ = 0;                             // guarded by mu_
};

}  // namespace levelpress
