#include "urls.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "dates.h"
#include "utf8_text.h"

namespace levelpress {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

std::string TwoDigits(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

}  // namespace

bool MatchPattern(std::string_view pattern, std::string_view path,
                  UrlParams* params) {
  auto want = Segments(pattern);
  auto have = Segments(path);
  if (want.size() != have.size()) return false;
  UrlParams found;
  for (size_t i = 0; i < want.size(); ++i) {
    if (!want[i].empty() && want[i][0] == ':') {
      if (have[i].empty()) return false;
      found[std::string(want[i].substr(1))] = std::string(have[i]);
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}

std::string ExpandPattern(std::string_view pattern, const UrlParams& params) {
  std::string out;
  bool first = true;
  for (std::string_view seg : Segments(pattern)) {
    if (!first) out += '/';
    first = false;
    if (!seg.empty() && seg[0] == ':') {
      auto it = params.find(std::string(seg.substr(1)));
      if (it != params.end()) out += it->second;
    } else {
      out += seg;
    }
  }
  return out;
}

bool IsSitePath(const Settings& settings, std::string_view path,
                std::string* what) {
  // Keep in step with Routes() in site.cc, which dispatches these.
  const std::pair<std::string, std::string> kRoutes[] = {
      {"/", "the home page"},
      {"/page/:page/", "a page of the home listing"},
      {"/authors/", "the authors page"},
      {"/tags/", "the tags page"},
      {"/sitemap.xml", "the sitemap"},
      {"/robots.txt", "robots.txt"},
      {"/feed.xml", "the feed"},
      {"/feed.json", "the JSON feed"},
      {"/_health", "the health check"},
      {settings.tag_url, "a tag page (tag_url " + settings.tag_url + ")"},
      {settings.tag_url + "page/:page/",
       "a tag page (tag_url " + settings.tag_url + ")"},
      {settings.tag_url + "feed.xml",
       "a tag feed (tag_url " + settings.tag_url + "feed.xml)"},
      {settings.tag_url + "feed.json",
       "a tag feed (tag_url " + settings.tag_url + "feed.json)"},
      {settings.author_url,
       "an author page (author_url " + settings.author_url + ")"},
      {settings.author_url + "page/:page/",
       "an author page (author_url " + settings.author_url + ")"},
      {settings.author_url + "feed.xml",
       "an author feed (author_url " + settings.author_url + "feed.xml)"},
      {settings.author_url + "feed.json",
       "an author feed (author_url " + settings.author_url + "feed.json)"},
  };
  if (IsSitemapPart(path)) {
    *what = "a part of the sitemap index";
    return true;
  }
  // The router sends "/tags" to "/tags/" when that is a page.
  std::string slashed(path);
  if (slashed.empty() || slashed.back() != '/') slashed += '/';
  UrlParams params;
  for (const auto& [pattern, name] : kRoutes) {
    if (MatchPattern(pattern, path, &params) ||
        MatchPattern(pattern, slashed, &params)) {
      *what = name;
      return true;
    }
  }
  const std::pair<const std::string*, const char*> kFolders[] = {
      {&settings.theme_url, "under theme_url "},
      {&settings.media_url, "under media_url "}};
  for (const auto& [prefix, name] : kFolders) {
    if (!prefix->empty() && (*prefix)[0] == '/' &&
        (path.substr(0, prefix->size()) == *prefix || slashed == *prefix)) {
      *what = name + *prefix;
      return true;
    }
  }
  return false;
}

bool IsSitemapPart(std::string_view path, size_t* part) {
  constexpr std::string_view kPrefix = "/sitemap-", kSuffix = ".xml";
  if (path.size() <= kPrefix.size() + kSuffix.size() ||
      path.substr(0, kPrefix.size()) != kPrefix ||
      path.substr(path.size() - kSuffix.size()) != kSuffix) {
    return false;
  }
  std::string_view digits = path.substr(
      kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
  if (digits.size() > 6 || digits[0] == '0') return false;
  size_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<size_t>(c - '0');
  }
  if (part != nullptr) *part = n;
  return true;
}

std::string Urls::Post(int64_t date, const std::string& slug) const {
  LocalDate d = ToLocalDate(date);
  return ExpandPattern(settings_.post_url, {{"year", std::to_string(d.year)},
                                            {"month", TwoDigits(d.month)},
                                            {"day", TwoDigits(d.day)},
                                            {"slug", slug}});
}

std::string Urls::Tag(const std::string& slug) const {
  return ExpandPattern(settings_.tag_url, {{"tag", slug}});
}

std::string Urls::Author(const std::string& id) const {
  return ExpandPattern(settings_.author_url, {{"author", id}});
}

std::string Urls::Paged(const std::string& base, size_t page) {
  return page <= 1 ? base : base + "page/" + std::to_string(page) + "/";
}

std::string PercentEncodePath(std::string_view path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (char ch : path) {
    unsigned char c = static_cast<unsigned char>(ch);
    // unreserved, sub-delims, ':', '@' (pchar) and '/'.
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || std::strchr("-._~!$&'()*+,;=:@/", c);
    if (keep && c != 0) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

namespace {

std::string_view WithoutFinalSlash(std::string_view s) {
  if (s.size() > 1 && s.back() == '/') s.remove_suffix(1);
  return s;
}

}  // namespace

bool IsJekyllPaginatePath(std::string_view pattern) {
  size_t num = pattern.find(":num");
  return !pattern.empty() && pattern[0] == '/' && num != std::string::npos &&
         pattern.find(":num", num + 1) == std::string::npos &&
         pattern.find_first_of("?#% \t\n") == std::string::npos;
}

bool MatchJekyllPage(std::string_view pattern, std::string_view path,
                     size_t* page) {
  if (!IsJekyllPaginatePath(pattern)) return false;
  pattern = WithoutFinalSlash(pattern);
  path = WithoutFinalSlash(path);
  size_t num = pattern.find(":num");
  std::string_view prefix = pattern.substr(0, num);
  std::string_view suffix = pattern.substr(num + 4);
  if (path.size() <= prefix.size() + suffix.size() ||
      path.substr(0, prefix.size()) != prefix ||
      path.substr(path.size() - suffix.size()) != suffix) {
    return false;
  }
  std::string_view digits =
      path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
  if (digits.size() > 9 || digits[0] == '0') return false;
  size_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<size_t>(c - '0');
  }
  *page = n;
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool PercentDecode(const std::string& in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out->push_back(in[i]);
      continue;
    }
    int hi = i + 2 < in.size() ? HexValue(in[i + 1]) : -1;
    int lo = i + 2 < in.size() ? HexValue(in[i + 2]) : -1;
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

bool AliasPath(const std::string& written, std::string* path) {
  return written.find_first_of("?#") == std::string::npos &&
         PercentDecode(written, path) && !path->empty() && (*path)[0] == '/' &&
         path->find("..") == std::string::npos &&
         InvalidUtf8At(*path) == std::string_view::npos &&
         std::none_of(path->begin(), path->end(), [](char c) {
           return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
         });
}

}  // namespace levelpress
