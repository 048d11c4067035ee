#include "site.h"

#include <sys/stat.h>
#include <xxhash.h>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <exception>

#include "dates.h"
#include "log.h"
#include "preview.h"
#include "slug.h"
#include "urls.h"

namespace levelpress {
namespace {

// The footer's year is the one input of a page that moves with time alone.
constexpr int64_t kRenderCacheMaxAge = 60;

using PageFn = Status (*)(const PageContext&, const UrlParams&, PageResult*);

struct Route {
  std::string pattern;
  PageFn page;
};

// The route table: every kind of page, in the order they are tried.
std::vector<Route> Routes(const Settings& s) {
  return {
      {"/", IndexPage},
      {"/page/:page/", IndexPage},
      {"/authors/", AuthorsPage},
      {"/tags/", TagsPage},
      {"/sitemap.xml", SitemapPage},
      {"/robots.txt", RobotsPage},
      {"/feed.xml", FeedPage},
      {"/feed.json", JsonFeedPage},
      {"/_health", HealthPage},
      {kPreviewRoute, PreviewPage},
      {s.tag_url, TagPage},
      {s.tag_url + "page/:page/", TagPage},
      {s.tag_url + "feed.xml", FeedPage},
      {s.tag_url + "feed.json", JsonFeedPage},
      {s.author_url, AuthorPage},
      {s.author_url + "page/:page/", AuthorPage},
      {s.author_url + "feed.xml", FeedPage},
      {s.author_url + "feed.json", JsonFeedPage},
      {s.post_url, PostPage},
  };
}

// A path for the log: at most 512 bytes, control bytes escaped (a path
// must not forge log lines).

std::string ETagOf(const std::string& body) {
  char buf[24];
  std::snprintf(
      buf, sizeof buf, "\"%016llx\"",
      static_cast<unsigned long long>(XXH64(body.data(), body.size(), 0)));
  return buf;
}

// How long nginx keeps a response (X-Accel-Expires): cache_seconds, or
// until a scheduled post changes it (expires_at). nginx counts whole
// seconds and keeps an entry while its expiry second is not past: "@T"
// lives until T+1 at the latest. So the last second of validity is
// now + cache_seconds - 1, and at most the second before expires_at.
std::string AccelExpires(int cache_seconds, int64_t now, int64_t expires_at) {
  if (cache_seconds <= 0) return "0";
  int64_t last_second = now + cache_seconds - 1;
  if (expires_at > now) last_second = std::min(last_second, expires_at - 1);
  return "@" + std::to_string(last_second);
}

// If-None-Match: a list of entity tags, or "*".
bool EtagMatches(const std::string& header, const std::string& etag) {
  size_t first = header.find_first_not_of(" \t");
  size_t last = header.find_last_not_of(" \t");
  if (first != std::string::npos &&
      header.substr(first, last - first + 1) == "*")
    return true;
  size_t pos = 0;
  while ((pos = header.find('"', pos)) != std::string::npos) {
    size_t end = header.find('"', pos + 1);
    if (end == std::string::npos) break;
    if (header.compare(pos, end - pos + 1, etag) == 0) return true;
    pos = end + 1;
  }
  return false;
}

// A staging site (robots: noindex) says so on every response, pages,
// feeds and errors alike: search engines honour the header on what has no
// <meta name="robots">. nginx keeps it with a cached response.
Response WithRobots(const Settings& settings, Response response) {
  if (settings.robots == Robots::kNoindex) {
    response.SetHeader("X-Robots-Tag", "noindex, nofollow");
  }
  return response;
}

}  // namespace

bool DecodePath(const std::string& raw, std::string* path) {
  path->clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '%') {
      if (i + 2 >= raw.size()) return false;
      int hi = HexValue(raw[i + 1]), lo = HexValue(raw[i + 2]);
      if (hi < 0 || lo < 0) return false;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    path->push_back(c);
  }
  if (path->empty() || (*path)[0] != '/') return false;
  // No dot segments: they have no meaning here and only hide paths.
  size_t pos = 0;
  while (pos < path->size()) {
    size_t end = path->find('/', pos + 1);
    if (end == std::string::npos) end = path->size();
    std::string_view seg(path->data() + pos + 1, end - pos - 1);
    if (seg == "." || seg == "..") return false;
    pos = end;
  }
  return true;
}

SiteConfig::SiteConfig(Settings s)
    : settings(std::move(s)), urls(settings), id([] {
        static std::atomic<uint64_t> next{1};
        return next.fetch_add(1);
      }()) {}

Status LoadSiteConfig(const Settings& settings,
                      std::shared_ptr<const SiteConfig>* out) {
  auto config = std::make_shared<SiteConfig>(settings);
  Status s = Translation::Load(settings.templates_dir, settings.language,
                               &config->translation);
  if (!s.ok()) return s;
  s = TemplateSet::Load(settings.templates_dir, &config->templates,
                        config->translation.get());
  if (!s.ok()) return s;
  config->theme_mtime =
      std::max(config->templates->newest_mtime(), config->translation->mtime());
  struct stat st;
  if (!settings.file.empty() && stat(settings.file.c_str(), &st) == 0) {
    config->theme_mtime = std::max<int64_t>(config->theme_mtime, st.st_mtime);
  }
  *out = std::move(config);
  return Status::OK();
}

Site::Site(const Store* store, std::shared_ptr<const SiteConfig> config,
           bool writer_preview)
    : store_(store),
      writer_preview_(writer_preview),
      config_(std::move(config)),
      render_cache_(config_->settings.render_cache_bytes),
      search_cache_(SearchCacheBytes(config_->settings.render_cache_bytes)) {}

void Site::Reload(std::shared_ptr<const SiteConfig> config) {
  // Entries of the old configuration miss from now on (by its id); the
  // budget is the new one's.
  render_cache_.set_max_bytes(config->settings.render_cache_bytes);
  search_cache_.set_max_bytes(
      SearchCacheBytes(config->settings.render_cache_bytes));
  MutexLock lock(&config_mu_);
  config_ = std::move(config);
}

std::shared_ptr<const SiteConfig> Site::config() const {
  MutexLock lock(&config_mu_);
  return config_;
}

Response Site::Handle(const Request& request) const {
  return Handle(request, static_cast<int64_t>(std::time(nullptr)));
}

Response Site::Handle(const Request& request, int64_t now) const {
  std::shared_ptr<const SiteConfig> config = this->config();
  const StoreView view =
      writer_preview_ ? store_->View().IgnoringExpiry() : store_->View();
  PageContext ctx{*config, view, now, writer_preview_, &search_cache_};
  const Translation& words = *config->translation;
  Response response;
  PageResult result;
  std::string path;
  size_t query = request.target.find('?');
  std::string raw_path = request.target.substr(0, query);
  if (request.method != "GET" && request.method != "HEAD") {
    ErrorPage(ctx, 405, words.Text("error_method_text"), &result);
    response.SetHeader("Allow", "GET, HEAD");
  } else if (raw_path.size() > config->settings.max_path_bytes) {
    ErrorPage(ctx, 414, words.Text("error_too_long_text"), &result);
  } else if (!DecodePath(raw_path, &path)) {
    ErrorPage(ctx, 400, words.Text("error_malformed_text"), &result);
  } else {
    try {
      return WithRobots(config->settings, Route(ctx, request, path));
    } catch (const std::exception& e) {
      LogError("bug: " + Printable(request.method.substr(0, 16)) + " " +
               Printable(path.substr(0, 512)) + ": " + e.what());
      ErrorPage(ctx, 500, words.Text("error_internal_text"), &result);
    } catch (...) {
      LogError("bug: " + Printable(request.method.substr(0, 16)) + " " +
               Printable(path.substr(0, 512)) +
               ": an exception that is not std::exception");
      ErrorPage(ctx, 500, words.Text("error_internal_text"), &result);
    }
  }
  response.status = result.status;
  response.body = std::move(result.body);
  response.SetHeader("Content-Type", "text/html; charset=utf-8");
  response.SetHeader("Cache-Control", "no-store");
  return WithRobots(config->settings, std::move(response));
}

Status Site::Render(const PageContext& ctx, const Request& request,
                    const std::string& path, PageResult* result) const {
  Status status = Status::NotFound(path);
  bool matched = false;
  if (IsSitemapPart(path)) {  // "/sitemap-N.xml": no pattern can say it
    return SitemapPage(ctx, {{"part", path}}, result);
  }
  for (const auto& route : Routes(ctx.config.settings)) {
    UrlParams params;
    if (!MatchPattern(route.pattern, path, &params)) continue;
    matched = true;
    if (UrlParam(params, "page") == "1") {
      result->status = 301;  // page 1 has one address: the listing's own
      result->location =
          path.substr(0, path.size() - std::string("page/1/").size());
      status = Status::OK();
    } else {
      status = route.page(ctx, params, result);
    }
    break;
  }
  if (!matched && path.back() != '/') {
    // "/tags" -> "/tags/", when that is a page.
    PageResult with_slash;
    if (Render(ctx, request, path + "/", &with_slash).ok() &&
        with_slash.status == 200) {
      *result = PageResult();
      result->status = 301;
      result->location = path + "/";
      return Status::OK();
    }
  }
  size_t jekyll_page = 0;
  if (status.IsNotFound() && result->status != 301 &&
      ctx.config.settings.jekyll_pagination &&
      MatchJekyllPage(ctx.config.settings.paginate_path, path, &jekyll_page)) {
    // A blog moved from Jekyll: "/page2/" is "/page/2/" now.
    *result = PageResult();
    result->status = 301;
    result->location = Urls::Paged("/", jekyll_page);
    return Status::OK();
  }
  if (status.IsNotFound() && result->status != 301) {
    // A standalone page's URL is its own (the import keeps it off every
    // pattern's and post's), so it is looked up only when nothing answered.
    std::string page_slug;
    if (ctx.store.ResolvePage(path, &page_slug).ok()) {
      *result = PageResult();
      return StandalonePage(ctx, page_slug, result);
    }
  }
  if (status.IsNotFound() && result->status != 301) {
    std::string slug;
    std::string alias = path;
    // An alias, else a URL the post had before (its URL history).
    auto resolve = [&](const std::string& p) {
      return ctx.store.ResolveAlias(p, &slug).ok() ||
             ctx.store.ResolveOldUrl(p, &slug).ok();
    };
    bool found = resolve(alias);
    if (!found) {
      alias = path.back() == '/' ? path.substr(0, path.size() - 1) : path + "/";
      found = !alias.empty() && resolve(alias);
    }
    Post post;
    if (found && ctx.store.GetPost(slug, &post).ok() && !post.draft &&
        post.date <= ctx.now &&
        (!post.ExpiredAt(ctx.now) || ctx.writer_preview)) {
      *result = PageResult();
      result->status = 301;
      if (post.expires > ctx.now) result->expires_at = post.expires;
      result->location =
          post.page ? post.url : ctx.config.urls.Post(post.date, post.slug);
      return Status::OK();
    }
  }
  return status;
}

Response Site::Route(const PageContext& ctx, const Request& request,
                     const std::string& path) const {
  // A writer's preview is never kept by nginx: a save shows at once.
  const int cache_seconds =
      writer_preview_ ? 0 : ctx.config.settings.cache_seconds;
  Response response;
  PageResult result;
  std::string etag;
  const uint64_t generation = ctx.store.generation();
  // Search results depend on the query string: they are kept under the
  // path and the query as sent (as nginx keys them), so a revalidation or a
  // repeated query does not search again.
  const bool search = path == kSearchPath;
  const size_t query = request.target.find('?');
  const std::string query_string =
      query == std::string::npos ? "" : request.target.substr(query + 1);
  const std::string cache_key = search ? path + "?" + query_string : path;
  RenderCache& cache = search ? search_cache_ : render_cache_;
  if (auto hit = cache.Get(cache_key, generation, ctx.config.id, ctx.now)) {
    result.body = hit->body;
    result.content_type = hit->content_type;
    result.last_modified = hit->last_modified;
    result.expires_at = hit->expires_at;
    etag = hit->etag;
  } else {
    Status status = search ? SearchPage(ctx, query_string, &result)
                           : Render(ctx, request, path, &result);
    if (!status.ok()) {
      if (status.IsNotFound()) {
        NotFoundPage(ctx, path, &result);
      } else {
        LogError(Printable(request.method.substr(0, 16)) + " " +
                 Printable(path.substr(0, 512)) + ": " + status.ToString());
        ErrorPage(ctx, ToHttpStatus(status),
                  ctx.config.translation->Text("error_internal_text"), &result);
      }
    }
    if (result.status == 200 && !result.no_cache) {
      etag = ETagOf(result.body);
      auto page = std::make_shared<CachedPage>();
      page->body = result.body;
      page->etag = etag;
      page->content_type = result.content_type;
      page->last_modified = result.last_modified;
      page->expires_at = result.expires_at;
      page->ValidFor(generation, ctx.config.id, ctx.now, kRenderCacheMaxAge,
                     result.expires_at);
      cache.Put(cache_key, std::move(page));
    }
  }

  response.status = result.status;
  if (result.status == 301) {
    // A path: right behind any host name and port (RFC 9110 allows it).
    // Locations are decoded paths; encoded again, "%3F" stays a character
    // of the path instead of starting a query, and no raw byte reaches a
    // header.
    std::string location = PercentEncodePath(result.location);
    response.SetHeader("Location", location);
    response.SetHeader("X-Accel-Expires",
                       AccelExpires(cache_seconds, ctx.now, result.expires_at));
    response.SetHeader("Content-Type", "text/plain; charset=utf-8");
    response.body = "Moved to " + location + "\n";
    return response;
  }
  response.SetHeader("Content-Type", result.content_type);
  if (result.status != 200) {
    response.SetHeader("Cache-Control", "no-cache");
    if (result.status == 404) {
      // nginx keeps 404s too: one that a publish or a scheduled post turns
      // into a page must go as soon as a page would.
      response.SetHeader("X-Accel-Expires", AccelExpires(cache_seconds, ctx.now,
                                                         result.expires_at));
    }
    response.body = std::move(result.body);
    return response;
  }
  if (result.no_cache) {
    response.SetHeader("X-Accel-Expires", "0");
    response.SetHeader("Cache-Control", "private, no-store");
    response.body = std::move(result.body);
    return response;
  }
  response.SetHeader("ETag", etag);
  if (result.last_modified > 0) {
    response.SetHeader("Last-Modified", FormatHttpDate(result.last_modified));
  }
  // Browsers revalidate every time (cheap 304); nginx keeps the page.
  response.SetHeader("X-Accel-Expires",
                     AccelExpires(cache_seconds, ctx.now, result.expires_at));
  response.SetHeader("Cache-Control", "public, no-cache");

  std::string inm = request.Header("if-none-match");
  std::string ims = request.Header("if-modified-since");
  bool not_modified = false;
  if (!inm.empty()) {
    not_modified = EtagMatches(inm, etag);
  } else if (!ims.empty() && result.last_modified > 0) {
    int64_t since;
    not_modified = ParseHttpDate(ims, &since) && result.last_modified <= since;
  }
  if (not_modified) {
    response.status = 304;
    return response;
  }
  response.body = std::move(result.body);
  return response;
}

Status Site::AllPaths(int64_t now, std::vector<std::string>* paths) const {
  std::shared_ptr<const SiteConfig> config = this->config();
  const StoreView view =
      writer_preview_ ? store_->View().IgnoringExpiry() : store_->View();
  PageContext ctx{*config, view, now, writer_preview_};
  std::vector<int64_t> modified;
  return levelpress::AllPaths(ctx, paths, &modified);
}

}  // namespace levelpress
