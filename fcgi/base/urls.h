// URLs: builds and matches the blog's URL patterns (settings post_url,
// tag_url, author_url), e.g. "/:year/:month/:day/:slug/". A pattern is
// '/'-separated segments, each literal or ":name". Paginated listings append
// "page/N/". Immutable after construction; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "settings.h"

namespace levelpress {

using UrlParams = std::map<std::string, std::string>;

// Fills params and returns true when path matches pattern exactly.
bool MatchPattern(std::string_view pattern, std::string_view path,
                  UrlParams* params);
std::string ExpandPattern(std::string_view pattern, const UrlParams& params);

// Whether the site answers `path` itself, whatever the store holds: a fixed
// page ("/", "/tags/", "/feed.xml", ...), a path matching a listing pattern
// ("/page/N/", tag_url, author_url, and their pages), anything under
// theme_url or media_url, or a path without its final '/' that the router
// redirects to one of those. An alias there would never be used. Sets *what
// to a phrase naming it ("the feed", "a tag page (tag_url /tag/:tag/)").
// Post URLs are not included: only an existing post claims its URL.
bool IsSitePath(const Settings& settings, std::string_view path,
                std::string* what);

// Jekyll's paginate_path ("/page:num/", "/blog/page:num"): whether a
// pattern is one (starts with '/', holds ":num" once, no "?#%" or space),
// and whether path is such a page, with its number ("/page2/" and "/page2"
// -> 2). Blogs moved from Jekyll answer these with a 301 to "/page/2/".
bool IsJekyllPaginatePath(std::string_view pattern);
bool MatchJekyllPage(std::string_view pattern, std::string_view path,
                     size_t* page);

// "/sitemap-N.xml" (N from 1, no leading zero, at most 6 digits): a part
// of the sitemap index of a blog with more than 50,000 URLs. *part = N.
bool IsSitemapPart(std::string_view path, size_t* part = nullptr);

// A path with every byte that RFC 3986 does not allow in a path
// (non-ASCII, space, '"', '<', '>', '%', ...) percent-encoded; '/' and the
// characters of pchar stay.
std::string PercentEncodePath(std::string_view path);

// The value of a hexadecimal digit (either case), or -1.
int HexValue(char c);

// Decodes %XX escapes as the router decodes a request path (it matches
// aliases against the decoded path). False on a broken escape.
bool PercentDecode(const std::string& in, std::string* out);

// A path as an alias stores it: decoded of %XX escapes (the router matches
// decoded request paths). False when no request path can be it: a query,
// a fragment, '..', a broken escape, bytes that are not UTF-8 text. What
// the import takes as an alias and what the converters write as one.
bool AliasPath(const std::string& written, std::string* path);

class Urls {
 public:
  explicit Urls(const Settings& settings) : settings_(settings) {}
  std::string Home() const { return "/"; }
  std::string Post(int64_t date, const std::string& slug) const;
  std::string Tag(const std::string& slug) const;
  std::string Author(const std::string& id) const;
  std::string Authors() const { return "/authors/"; }
  std::string Tags() const { return "/tags/"; }
  // The feeds of a listing (Home(), Tag(), Author()): base + "feed.xml",
  // base + "feed.json".
  static std::string AtomFeed(const std::string& base) {
    return base + "feed.xml";
  }
  static std::string JsonFeed(const std::string& base) {
    return base + "feed.json";
  }
  std::string Media(const std::string& relative) const {
    return settings_.media_url + relative;
  }
  std::string Theme(const std::string& relative) const {
    return settings_.theme_url + relative;
  }
  // base for page 1, base + "page/N/" after.
  static std::string Paged(const std::string& base, size_t page);
  // base_url + path, the path percent-encoded (RFC 3986): for the sitemap,
  // the feed and canonical links, where raw non-ASCII bytes are invalid.
  std::string Absolute(const std::string& path) const {
    return settings_.base_url + PercentEncodePath(path);
  }
  const Settings& settings() const { return settings_; }

 private:
  const Settings& settings_;
};

}  // namespace levelpress
