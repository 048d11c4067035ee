#include "urls.h"

#include <cstdio>
#include <vector>

#include "dates.h"

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

}  // namespace levelpress
