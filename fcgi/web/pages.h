// Pages: one entry point per kind of page, each in its own file
// (page_list.cc, page_post.cc, page_directory.cc, page_error.cc), and the
// shared page chrome (layout.cc). A page reads the store and fills a
// PageResult; Site::Handle turns that into a Response with validators.
// Pages are pure functions of (config, store, now, URL params): thread-safe.
#pragma once

#include <ctemplate/template.h>

#include <cstdint>
#include <limits>
#include <string>

#include "records.h"
#include "render_cache.h"
#include "settings.h"
#include "status.h"
#include "store.h"
#include "templates.h"
#include "translation.h"
#include "urls.h"

namespace levelpress {

// Everything that is fixed between reloads (SIGHUP swaps a new one in).
struct SiteConfig {
  explicit SiteConfig(Settings s);
  SiteConfig(const SiteConfig&) = delete;
  const Settings settings;
  const Urls urls;
  // Unique in the process (a counter, not an address: a reload may reuse
  // the address of the configuration it replaces); keys the render cache.
  const uint64_t id;
  std::unique_ptr<TemplateSet> templates;
  // The theme's words in settings.language (loaded with the templates).
  std::unique_ptr<Translation> translation;
  int64_t theme_mtime = 0;  // newest of the templates and the settings file
};

struct PageContext {
  const SiteConfig& config;
  const StoreView& store;  // one snapshot for the whole request
  int64_t now;
  // A writer's preview (serve --watch): scheduled posts are listed, drafts
  // have their pages, each marked as such, and no page is indexed.
  bool writer_preview = false;
  // Where a page may keep parts of itself that depend only on the store's
  // generation (one search result's markup, page_search.cc); null: none.
  RenderCache* fragments = nullptr;

  // Posts dated up to this are shown.
  int64_t visible_until() const {
    return writer_preview ? std::numeric_limits<int64_t>::max() / 2 : now;
  }
};

struct PageResult {
  int status = 200;
  std::string body;
  std::string location;       // for 301
  int64_t last_modified = 0;  // 0: none
  int64_t expires_at = 0;  // 0: none; else when the page will change by itself
  std::string content_type = "text/html; charset=utf-8";
  bool no_cache = false;  // never stored by nginx or browsers
};

// Page chrome: the outer page.tpl around a page's CONTENT template.
struct Chrome {
  std::string title;        // "" for the site title alone
  std::string description;  // <meta name="description">; "": the site's
  std::string canonical_path;
  std::string prev_path, next_path;  // rel=prev / rel=next, may be ""
  bool noindex = false;              // robots: do not index (previews)
  // For the head's link-preview and JSON-LD tags (page_meta.h):
  const Post* post = nullptr;  // the post or standalone page shown, if any
  const std::vector<Author>* authors = nullptr;  // the post's, in order
  bool home = false;  // the blog's front page: JSON-LD Blog
  // A tag's or author's listing: its own feeds (base + feed.xml/.json),
  // linked beside the blog's; "" on other pages.
  std::string feed_base;
  std::string feed_title;
};
ctemplate::TemplateDictionary* StartPage(const PageContext& ctx,
                                         const Chrome& chrome,
                                         const char* content_template,
                                         ctemplate::TemplateDictionary* page);
Status FinishPage(const PageContext& ctx,
                  const ctemplate::TemplateDictionary& page,
                  PageResult* result);
// Fills the byline of an entry or post: each author with avatar and link,
// authors and tags as lists of the language ("Ana and Ben on A, B, and C",
// "Ana und Ben zu A, B und C").
// Returns the newest of the authors' written_at (for validators).
int64_t FillByline(const PageContext& ctx,
                   const std::vector<std::string>& author_ids,
                   const std::vector<std::string>& tags,
                   ctemplate::TemplateDictionary* dict);
int64_t FillByline(const PageContext& ctx, const std::vector<Author>& authors,
                   const std::vector<std::string>& tags,
                   ctemplate::TemplateDictionary* dict);
// The authors of ids, in order; one that is not in the store is named by
// its id.
std::vector<Author> LoadAuthors(const PageContext& ctx,
                                const std::vector<std::string>& ids);
// A post's <meta name="description">: its `description:`, else its excerpt
// as plain text (at most ~160 characters, cut at a word).
std::string DescriptionOf(const Post& post);
// The cover image (`image:`) at the top of a post or page, if it was found.
void FillCover(const PageContext& ctx, const Post& post,
               ctemplate::TemplateDictionary* dict);
std::string AvatarUrl(const PageContext& ctx, const Author& author);

// A parameter of the matched pattern, "" when the pattern has none of that
// name (never throws, unlike UrlParams::at).
inline const std::string& UrlParam(const UrlParams& params, const char* name) {
  static const std::string kNone;
  auto it = params.find(name);
  return it == params.end() ? kNone : it->second;
}

// The pages. params are what the route pattern matched.
Status IndexPage(const PageContext& ctx, const UrlParams& params,
                 PageResult* out);
Status TagPage(const PageContext& ctx, const UrlParams& params,
               PageResult* out);
Status AuthorPage(const PageContext& ctx, const UrlParams& params,
                  PageResult* out);
Status PostPage(const PageContext& ctx, const UrlParams& params,
                PageResult* out);
Status AuthorsPage(const PageContext& ctx, const UrlParams& params,
                   PageResult* out);
Status TagsPage(const PageContext& ctx, const UrlParams& params,
                PageResult* out);
Status HealthPage(const PageContext& ctx, const UrlParams& params,
                  PageResult* out);
// The sitemap, its index, or one part of the index (params "part": the
// path /sitemap-N.xml).
Status SitemapPage(const PageContext& ctx, const UrlParams& params,
                   PageResult* out);
// The Atom feed (FeedPage) and JSON Feed (JsonFeedPage) of the blog, or,
// with params "tag" or "author", of that tag or author.
Status FeedPage(const PageContext& ctx, const UrlParams& params,
                PageResult* out);
Status JsonFeedPage(const PageContext& ctx, const UrlParams& params,
                    PageResult* out);
// /robots.txt: the sitemap's URL, or, with robots: noindex, no crawling.
Status RobotsPage(const PageContext& ctx, const UrlParams& params,
                  PageResult* out);
// A draft or scheduled post under its secret preview URL (preview.h).
Status PreviewPage(const PageContext& ctx, const UrlParams& params,
                   PageResult* out);
// A standalone page (pages/about.md) by its slug; not a route pattern: the
// router asks for it when no pattern answers a path (u: keys).
Status StandalonePage(const PageContext& ctx, const std::string& slug,
                      PageResult* out);
// The page of a standalone page, whatever its state (a preview of a draft
// page too); chrome.noindex for previews.
Status RenderStandalone(const PageContext& ctx, const Post& page, Chrome chrome,
                        PageResult* out);
// /search/?q=...&page=N (page_search.cc): the query string as sent. Not a
// route pattern: its answer depends on the query, so Site::Route calls it
// for this path and keys its render cache entry by path and query.
inline constexpr char kSearchPath[] = "/search/";
Status SearchPage(const PageContext& ctx, const std::string& query_string,
                  PageResult* out);
// Every public URL path, with its content's date (0 for listings), and,
// if newest_write is given, the newest write of a post or page listed.
Status AllPaths(const PageContext& ctx, std::vector<std::string>* paths,
                std::vector<int64_t>* modified,
                int64_t* newest_write = nullptr);
// The most URLs one sitemap may hold (sitemaps.org); a larger blog's
// /sitemap.xml is an index of /sitemap-N.xml parts of this many.
constexpr size_t kSitemapUrls = 50000;
// Error pages never fail: they fall back to plain text.
void NotFoundPage(const PageContext& ctx, const std::string& path,
                  PageResult* out);
void ErrorPage(const PageContext& ctx, int status, const std::string& message,
               PageResult* out);

}  // namespace levelpress
