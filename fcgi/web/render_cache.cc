#include "render_cache.h"

namespace levelpress {

std::shared_ptr<const CachedPage> RenderCache::Get(const std::string& path,
                                                   uint64_t generation,
                                                   uint64_t config_id,
                                                   int64_t now) {
  MutexLock lock(&mu_);
  return GetLocked(path, generation, config_id, now);
}

std::vector<std::shared_ptr<const CachedPage>> RenderCache::GetAll(
    const std::vector<std::string>& paths, uint64_t generation,
    uint64_t config_id, int64_t now) {
  std::vector<std::shared_ptr<const CachedPage>> pages;
  pages.reserve(paths.size());
  MutexLock lock(&mu_);
  for (const std::string& path : paths)
    pages.push_back(GetLocked(path, generation, config_id, now));
  return pages;
}

std::shared_ptr<const CachedPage> RenderCache::GetLocked(
    const std::string& path, uint64_t generation, uint64_t config_id,
    int64_t now) {
  auto it = slots_.find(path);
  if (it == slots_.end()) return nullptr;
  const CachedPage& page = *it->second.page;
  if (page.generation != generation || page.config_id != config_id ||
      now < page.rendered_at || now >= page.valid_until) {
    EraseLocked(it);
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return it->second.page;
}

void RenderCache::Put(const std::string& path,
                      std::shared_ptr<const CachedPage> page) {
  size_t size = page->body.size() + path.size();
  MutexLock lock(&mu_);
  if (size > max_bytes_ / 4) return;  // one page must not empty the cache
  auto it = slots_.find(path);
  if (it != slots_.end()) EraseLocked(it);
  lru_.push_front(path);
  slots_[path] = Slot{std::move(page), lru_.begin()};
  bytes_ += size;
  TrimLocked();
}

void RenderCache::TrimLocked() {
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    EraseLocked(slots_.find(lru_.back()));
  }
}

size_t RenderCache::max_bytes() const {
  MutexLock lock(&mu_);
  return max_bytes_;
}

void RenderCache::set_max_bytes(size_t max_bytes) {
  MutexLock lock(&mu_);
  max_bytes_ = max_bytes;
  TrimLocked();
}

size_t RenderCache::bytes() const {
  MutexLock lock(&mu_);
  return bytes_;
}

void RenderCache::EraseLocked(
    std::unordered_map<std::string, Slot>::iterator it) {
  bytes_ -= it->second.page->body.size() + it->first.size();
  lru_.erase(it->second.lru);
  slots_.erase(it);
}

}  // namespace levelpress
