// Site: turns a Request into a Response. It owns the route table (the one
// place that maps URLs to pages), checks the method and the path, and adds
// validators (strong ETag, Last-Modified), conditional 304s, caching
// headers and redirects around what the pages produce.
//
// Rendered pages are kept in a RenderCache (render_cache.h) for their store
// generation and configuration, so ETags and 304s cost no rendering.
//
// Threads: Handle() is safe from many threads. The configuration (settings,
// templates) is an immutable snapshot; Reload() swaps in a new one without
// disturbing requests in flight, which keep the snapshot they started with.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mutex.h"
#include "pages.h"
#include "render_cache.h"
#include "request.h"
#include "store.h"

namespace levelpress {

// Builds a configuration: loads and freezes the templates.
Status LoadSiteConfig(const Settings& settings,
                      std::shared_ptr<const SiteConfig>* out);

class Site {
 public:
  // writer_preview: a writer's preview (serve --watch), see PageContext.
  Site(const Store* store, std::shared_ptr<const SiteConfig> config,
       bool writer_preview = false);

  Response Handle(const Request& request) const;  // now = the clock
  Response Handle(const Request& request, int64_t now) const;  // for tests
  // Swaps in a new configuration, and the render cache's budget with it.
  void Reload(std::shared_ptr<const SiteConfig> config);
  size_t render_cache_max_bytes() const { return render_cache_.max_bytes(); }
  // What the render cache holds of pages other than search results.
  size_t render_cache_bytes() const { return render_cache_.bytes(); }
  std::shared_ptr<const SiteConfig> config() const;

  // Every public URL path of the blog, as of now (for `levelpress urls`
  // and cache warming).
  Status AllPaths(int64_t now, std::vector<std::string>* paths) const;

 private:
  Response Route(const PageContext& ctx, const Request& request,
                 const std::string& path) const;
  // The page for a decoded path: a page, a 301, or NotFound.
  Status Render(const PageContext& ctx, const Request& request,
                const std::string& path, PageResult* result) const;

  const Store* const store_;
  const bool writer_preview_;
  mutable Mutex config_mu_;
  std::shared_ptr<const SiteConfig> config_ GUARDED_BY(config_mu_);
  mutable RenderCache render_cache_;  // thread-safe itself
  // Search result pages and their parts (one result's markup), apart from
  // the pages: a query string is anyone's to choose, so a flood of
  // distinct searches would otherwise push every page out. A quarter of
  // render_cache_bytes.
  mutable RenderCache search_cache_;
};

// The part of render_cache_bytes that search results may hold.
inline size_t SearchCacheBytes(size_t render_cache_bytes) {
  return render_cache_bytes / 4;
}

// Percent-decodes a URL path. False for malformed escapes, NUL or control
// bytes, and "." or ".." segments.
bool DecodePath(const std::string& raw, std::string* path);

}  // namespace levelpress
