// /robots.txt: where crawlers find the sitemap, or, on a staging site
// (robots: noindex), that they may crawl nothing. A page like the others,
// so nginx caches it and revalidates it with the same validators.
#include "pages.h"

namespace levelpress {

Status RobotsPage(const PageContext& ctx, const UrlParams&, PageResult* out) {
  const Settings& s = ctx.config.settings;
  out->content_type = "text/plain; charset=utf-8";
  if (s.robots == Robots::kNoindex) {
    out->body = "User-agent: *\nDisallow: /\n";
  } else {
    out->body = "User-agent: *\nDisallow:\n\nSitemap: " +
                ctx.config.urls.Absolute("/sitemap.xml") + "\n";
  }
  // It changes only with the settings file.
  out->last_modified = ctx.config.theme_mtime;
  return Status::OK();
}

}  // namespace levelpress
