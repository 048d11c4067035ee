#include "settings.h"

#include <grp.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <vector>

#include "dates.h"
#include "log.h"
#include "slug.h"
#include "urls.h"

namespace levelpress {
namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxSettingsFileBytes = 1 << 20;

struct Problem {
  int line;  // 0: not tied to a line of the file
  std::string key, text;
};

class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}
  void Add(int line, const std::string& key, const std::string& text) {
    list_.push_back({line, key, text});
  }
  bool empty() const { return list_.empty(); }
  // One line per problem, "FILE:LINE: key: problem", in file order.
  std::string Message() const {
    std::vector<Problem> sorted = list_;
    std::stable_sort(
        sorted.begin(), sorted.end(),
        [](const Problem& a, const Problem& b) { return a.line < b.line; });
    std::string out;
    for (const auto& p : sorted) {
      if (!out.empty()) out += '\n';
      std::string line = file_;
      if (p.line > 0) line += ":" + std::to_string(p.line);
      line += ": ";
      if (!p.key.empty()) line += p.key + ": ";
      line += p.text;
      out += Printable(line);
    }
    return out;
  }

 private:
  std::string file_;
  std::vector<Problem> list_;
};

bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      n = 1, cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2, cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // cut short
    for (size_t k = 1; k <= n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

// ------------------------------------------------------------ URL patterns

// What a segment of a pattern matches: a literal, or a placeholder whose
// values are of a kind (what the router and the pages accept there).
struct Segment {
  std::string literal;      // when not a placeholder
  std::string placeholder;  // "slug", "year", ...; "" for a literal
};

std::vector<Segment> SplitPattern(std::string_view pattern) {
  std::vector<Segment> out;
  size_t pos = 0;
  while (pos <= pattern.size()) {
    size_t end = pattern.find('/', pos);
    if (end == std::string_view::npos) end = pattern.size();
    std::string_view seg = pattern.substr(pos, end - pos);
    Segment s;
    if (!seg.empty() && seg[0] == ':') {
      s.placeholder = std::string(seg.substr(1));
    } else {
      s.literal = std::string(seg);
    }
    out.push_back(std::move(s));
    pos = end + 1;
  }
  return out;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
}

// Whether a literal segment is a value the placeholder can take.
bool CanBe(const std::string& placeholder, const std::string& literal) {
  if (placeholder == "year") return literal.size() == 4 && AllDigits(literal);
  if (placeholder == "month" || placeholder == "day") {
    return literal.size() == 2 && AllDigits(literal);
  }
  if (placeholder == "page") return AllDigits(literal) && literal[0] != '0';
  return IsValidSlug(literal);  // slug, tag, author
}

// Whether two placeholders can take one value.
bool Intersect(const std::string& a, const std::string& b) {
  auto width = [](const std::string& p) {
    return p == "year" ? 4 : (p == "month" || p == "day") ? 2 : 0;
  };
  // Two fixed widths of digits meet only when the widths agree; any other
  // pair shares a value ("12" is a page, a month and a slug).
  return width(a) == 0 || width(b) == 0 || width(a) == width(b);
}

bool SegmentsMeet(const Segment& a, const Segment& b) {
  if (a.placeholder.empty() && b.placeholder.empty()) {
    return a.literal == b.literal;
  }
  if (!a.placeholder.empty() && !b.placeholder.empty()) {
    return Intersect(a.placeholder, b.placeholder);
  }
  return a.placeholder.empty() ? CanBe(b.placeholder, a.literal)
                               : CanBe(a.placeholder, b.literal);
}

// Whether some path matches both patterns.
bool PatternsMeet(const std::string& a, const std::string& b) {
  auto sa = SplitPattern(a), sb = SplitPattern(b);
  if (sa.size() != sb.size()) return false;
  for (size_t i = 0; i < sa.size(); ++i) {
    if (!SegmentsMeet(sa[i], sb[i])) return false;
  }
  return true;
}

// Whether some path matching the pattern lies under the folder prefix
// ("/theme/": "/theme/x", "/theme/a/b/", ...).
bool PatternUnder(const std::string& pattern, const std::string& folder) {
  auto sp = SplitPattern(pattern), sf = SplitPattern(folder);
  // sf ends with an empty segment (folder ends with '/'): the literal
  // segments before it must meet, and the pattern must go on after them.
  if (sp.size() < sf.size()) return false;
  for (size_t i = 0; i + 1 < sf.size(); ++i) {
    if (!SegmentsMeet(sp[i], sf[i])) return false;
  }
  return true;
}

// A path that matches both (for the message), with placeholders filled.
std::string Example(const std::string& pattern, const std::string& other) {
  auto sp = SplitPattern(pattern), so = SplitPattern(other);
  std::string out;
  for (size_t i = 0; i < sp.size(); ++i) {
    if (i > 0) out += '/';
    const Segment& s = sp[i];
    const Segment* o = i < so.size() ? &so[i] : nullptr;
    if (s.placeholder.empty()) {
      out += s.literal;
    } else if (o && o->placeholder.empty() && !o->literal.empty()) {
      out += o->literal;
    } else {
      const std::string& p = s.placeholder;
      out += p == "year"                  ? "2024"
             : p == "month" || p == "day" ? "01"
             : p == "page"                ? "2"
                                          : "x";
    }
  }
  return out;
}

struct PatternRule {
  const char* key;
  std::string* value;
  std::vector<std::string> allowed;  // placeholders it may use
  const char* required;              // and must use once; nullptr: none
};

// One pattern on its own: shape, characters, placeholders.
void CheckPattern(const PatternRule& rule, int line, Problems* problems) {
  const std::string& p = *rule.value;
  const std::string key = rule.key;
  if (p.empty() || p.front() != '/' || p.back() != '/') {
    problems->Add(line, key, "'" + p + "' must start and end with '/'");
    return;
  }
  if (p.size() > 256) {
    problems->Add(line, key, "longer than 256 characters");
    return;
  }
  std::map<std::string, int> used;
  auto segments = SplitPattern(p);
  for (size_t i = 1; i + 1 < segments.size(); ++i) {
    const Segment& s = segments[i];
    if (!s.placeholder.empty()) {
      ++used[s.placeholder];
      continue;
    }
    if (s.literal.empty()) {
      problems->Add(line, key, "'" + p + "' has an empty segment ('//')");
      return;
    }
    if (s.literal == "." || s.literal == "..") {
      problems->Add(line, key,
                    "'" + p +
                        "' has a '.' or '..' segment, which no request "
                        "can reach");
      return;
    }
    for (char c : s.literal) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                c == '~';
      if (!ok) {
        problems->Add(
            line, key,
            "'" + p +
                "': a literal segment may hold letters, "
                "digits, '-', '_', '.' and '~' only (a placeholder is a "
                "whole segment, e.g. /posts/:slug/)");
        return;
      }
    }
  }
  std::string known;
  for (const auto& a : rule.allowed) known += (known.empty() ? ":" : ", :") + a;
  for (const auto& [name, n] : used) {
    if (std::find(rule.allowed.begin(), rule.allowed.end(), name) ==
        rule.allowed.end()) {
      problems->Add(line, key,
                    "'" + p + "' has the unknown placeholder :" + name +
                        (known.empty() ? " (it takes none)"
                                       : " (it takes " + known + ")"));
    } else if (n > 1) {
      problems->Add(line, key, "'" + p + "' has :" + name + " twice");
    }
  }
  if (rule.required && !used.count(rule.required)) {
    problems->Add(line, key,
                  "'" + p + "' must contain :" + rule.required +
                      (std::string(rule.required) == "slug"
                           ? ", or every post would have the same URL"
                           : ", or every page of its kind would have one URL"));
  }
}

// ------------------------------------------------------------- the file

using Setter = std::function<std::string(const YAML::Node&)>;  // "" if ok

// Reads an integer in [lo, hi] into *field.
template <typename T>
Setter Number(T* field, long long lo, long long hi) {
  return [=](const YAML::Node& n) -> std::string {
    std::string range = std::to_string(lo) + ".." + std::to_string(hi);
    if (!n.IsScalar()) return "must be a whole number (" + range + ")";
    const std::string& text = n.Scalar();
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || end != text.c_str() + text.size() || errno != 0 ||
        text.find_first_of(" \t\n") != std::string::npos) {
      return "'" + text.substr(0, 40) + "' is not a whole number (" + range +
             ")";
    }
    if (v < lo || v > hi) {
      return std::to_string(v) + " is out of range (" + range + ")";
    }
    *field = static_cast<T>(v);
    return "";
  };
}

Setter Text(std::string* field) {
  return [=](const YAML::Node& n) -> std::string {
    if (!n.IsScalar()) return "must be a single value, not a list or a map";
    if (!ValidUtf8(n.Scalar())) return "is not valid UTF-8";
    if (n.Scalar().find('\0') != std::string::npos) return "holds a NUL byte";
    *field = n.Scalar();
    return "";
  };
}

Setter Flag(bool* field) {
  return [=](const YAML::Node& n) -> std::string {
    if (n.IsScalar() && (n.Scalar() == "true" || n.Scalar() == "false")) {
      *field = n.Scalar() == "true";
      return "";
    }
    return "must be true or false";
  };
}

Setter RobotsChoice(Robots* field) {
  return [=](const YAML::Node& n) -> std::string {
    const char* kWant = "must be index or noindex";
    if (!n.IsScalar()) return kWant;
    const std::string& v = n.Scalar();
    if (v == "index") {
      *field = Robots::kIndex;
    } else if (v == "noindex") {
      *field = Robots::kNoindex;
    } else {
      return "'" + v.substr(0, 40) + "' " + kWant;
    }
    return "";
  };
}

Setter FeedContentChoice(FeedContent* field) {
  return [=](const YAML::Node& n) -> std::string {
    const char* kWant = "must be full or excerpt";
    if (!n.IsScalar()) return kWant;
    const std::string& v = n.Scalar();
    if (v == "full") {
      *field = FeedContent::kFull;
    } else if (v == "excerpt") {
      *field = FeedContent::kExcerpt;
    } else {
      return "'" + v.substr(0, 40) + "' " + kWant;
    }
    return "";
  };
}

Setter RawHtmlChoice(RawHtml* field) {
  return [=](const YAML::Node& n) -> std::string {
    const char* kWant = "must be keep, escape or drop";
    if (!n.IsScalar()) return kWant;
    const std::string& v = n.Scalar();
    if (v == "keep") {
      *field = RawHtml::kKeep;
    } else if (v == "escape") {
      *field = RawHtml::kEscape;
    } else if (v == "drop") {
      *field = RawHtml::kDrop;
    } else {
      return "'" + v.substr(0, 40) + "' " + kWant;
    }
    return "";
  };
}

int LineOf(const YAML::Node& n) {
  return n.Mark().is_null() ? 0 : n.Mark().line + 1;
}

constexpr size_t kMaxMenuLinks = 50;

// Why a menu link's URL is no good, or "": a path of this site (starting
// with '/', not "//") or an absolute http(s) URL, without spaces, quotes or
// angle brackets (it goes into an href as written).
std::string BadMenuUrl(const std::string& url) {
  const bool site_path =
      url.size() >= 1 && url[0] == '/' && url.rfind("//", 0) != 0;
  const bool absolute =
      url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  const bool clean = std::none_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '"' ||
           c == '<' || c == '>' || c == '\\';
  });
  if ((site_path || absolute) && clean && ValidUtf8(url)) return "";
  return "'" + url.substr(0, 80) +
         "' must be a path of this site (/about/) or an http:// or "
         "https:// URL, without spaces";
}

// Reads a list of {title, url} maps into *field.
Setter Menu(std::vector<MenuLink>* field) {
  return [=](const YAML::Node& n) -> std::string {
    const char* kWant =
        "must be a list of links, each `{title: About, url: /about/}`";
    if (n.IsNull()) {
      field->clear();
      return "";
    }
    if (!n.IsSequence()) return kWant;
    if (n.size() > kMaxMenuLinks) {
      return "has " + std::to_string(n.size()) + " links, over the limit of " +
             std::to_string(kMaxMenuLinks);
    }
    std::vector<MenuLink> links;
    for (size_t i = 0; i < n.size(); ++i) {
      const YAML::Node& item = n[i];
      const std::string which = "link " + std::to_string(i + 1) + " (line " +
                                std::to_string(LineOf(item)) + ")";
      if (!item.IsMap() || !item["title"] || !item["url"] ||
          !item["title"].IsScalar() || !item["url"].IsScalar() ||
          item.size() != 2) {
        return which + " " + kWant + " (a title and a url, nothing else)";
      }
      MenuLink link{item["title"].Scalar(), item["url"].Scalar()};
      if (link.title.empty() || !ValidUtf8(link.title) ||
          link.title.find('\0') != std::string::npos) {
        return which + ": the title must be non-empty UTF-8 text";
      }
      if (std::string why = BadMenuUrl(link.url); !why.empty()) {
        return which + ": " + why;
      }
      links.push_back(std::move(link));
    }
    *field = std::move(links);
    return "";
  };
}

// A BCP 47 tag's shape: a 2-3 letter language, then subtags of 1-8
// letters or digits ("en", "de-CH", "zh-Hant-TW"). The theme's words come
// from a translation file of the language; the shape check keeps a tag
// usable in <html lang> and in a file name.
bool IsLanguageTag(std::string_view tag) {
  size_t pos = 0;
  bool first = true;
  while (pos <= tag.size()) {
    size_t end = std::min(tag.find('-', pos), tag.size());
    std::string_view sub = tag.substr(pos, end - pos);
    bool alnum = std::all_of(sub.begin(), sub.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             (c >= '0' && c <= '9');
    });
    bool letters = std::all_of(sub.begin(), sub.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    });
    if (first ? !(letters && sub.size() >= 2 && sub.size() <= 3)
              : !(alnum && !sub.empty() && sub.size() <= 8)) {
      return false;
    }
    first = false;
    pos = end + 1;
  }
  return true;
}

}  // namespace

Status ParseSettings(std::string_view text, const std::string& file_name,
                     Settings* s) {
  Problems problems(file_name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    problems.Add(e.mark.line + 1, "", e.msg);
    return Status::InvalidArgument(problems.Message());
  }
  std::error_code ec;
  fs::path absolute = fs::absolute(file_name, ec);
  s->file = ec ? file_name : absolute.lexically_normal().string();
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) {
    problems.Add(1, "",
                 "the settings file must be a map of `key: value` lines");
    return Status::InvalidArgument(problems.Message());
  }

  const std::map<std::string, Setter> setters = {
      {"title", Text(&s->title)},
      {"description", Text(&s->description)},
      {"base_url", Text(&s->base_url)},
      {"time_zone", Text(&s->time_zone)},
      {"page_size", Number(&s->page_size, 1, 1000)},
      {"menu", Menu(&s->menu)},
      {"footer_menu", Menu(&s->footer_menu)},
      {"default_image", Text(&s->default_image)},
      {"default_image_width", Number(&s->default_image_width, 0, 65535)},
      {"default_image_height", Number(&s->default_image_height, 0, 65535)},
      {"robots", RobotsChoice(&s->robots)},
      {"language", Text(&s->language)},
      {"feed_content", FeedContentChoice(&s->feed_content)},
      {"post_url", Text(&s->post_url)},
      {"tag_url", Text(&s->tag_url)},
      {"author_url", Text(&s->author_url)},
      {"theme_url", Text(&s->theme_url)},
      {"media_url", Text(&s->media_url)},
      {"store_path", Text(&s->store_path)},
      {"templates_dir", Text(&s->templates_dir)},
      {"media_dir", Text(&s->media_dir)},
      {"highlight_dir", Text(&s->highlight_dir)},
      {"max_post_bytes", Number(&s->max_post_bytes, 1, 1LL << 30)},
      {"raw_html", RawHtmlChoice(&s->raw_html)},
      {"default_author", Text(&s->default_author)},
      {"categories_as_tags", Flag(&s->categories_as_tags)},
      {"jekyll_permalink", Text(&s->jekyll_permalink)},
      {"hugo_permalink", Text(&s->hugo_permalink)},
      {"excerpt_separator", Text(&s->excerpt_separator)},
      {"jekyll_pagination", Flag(&s->jekyll_pagination)},
      {"paginate_path", Text(&s->paginate_path)},
      {"threads", Number(&s->threads, 0, kMaxThreads)},
      {"log_file", Text(&s->log_file)},
      {"max_path_bytes", Number(&s->max_path_bytes, 1024, 1 << 20)},
      {"cache_seconds", Number(&s->cache_seconds, 0, 365 * 86400)},
      {"render_cache_bytes", Number(&s->render_cache_bytes, 0, 1LL << 40)},
      {"socket_group", Text(&s->socket_group)},
      {"read_timeout", Number(&s->read_timeout, 1, 3600)},
      {"write_timeout", Number(&s->write_timeout, 1, 3600)},
      {"idle_timeout", Number(&s->idle_timeout, 1, 86400)},
      {"max_connections", Number(&s->max_connections, 1, 1 << 20)},
      {"control_group", Text(&s->control_group)},
  };
  std::map<std::string, int> line_of;  // keys given, and their lines
  for (const auto& kv : root) {
    int line = LineOf(kv.first);
    if (!kv.first.IsScalar()) {
      problems.Add(line, "", "a key must be a plain name");
      continue;
    }
    const std::string& key = kv.first.Scalar();
    auto it = setters.find(key);
    if (it == setters.end()) {
      problems.Add(line, key.substr(0, 64),
                   "unknown setting (see docs/settings.md)");
      continue;
    }
    if (auto seen = line_of.find(key); seen != line_of.end()) {
      problems.Add(
          line, key,
          "set twice (first on line " + std::to_string(seen->second) + ")");
      continue;
    }
    line_of[key] = line;
    std::string why = it->second(kv.second);
    if (!why.empty()) problems.Add(LineOf(kv.second), key, why);
  }
  auto line = [&](const std::string& key) {
    auto it = line_of.find(key);
    return it == line_of.end() ? 0 : it->second;
  };

  while (!s->base_url.empty() && s->base_url.back() == '/')
    s->base_url.pop_back();
  {
    const std::string& u = s->base_url;
    size_t scheme = u.rfind("https://", 0) == 0  ? 8
                    : u.rfind("http://", 0) == 0 ? 7
                                                 : 0;
    bool clean = std::none_of(u.begin(), u.end(), [](char c) {
      return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '"' ||
             c == '<' || c == '>' || c == '\\' || c == '?' || c == '#';
    });
    if (scheme == 0 || u.size() == scheme || !clean) {
      problems.Add(
          line("base_url"), "base_url",
          "'" + u.substr(0, 80) +
              "' must be an absolute http:// or https:// URL without "
              "spaces, query or fragment, e.g. https://blog.example.com");
    }
  }
  if (!s->default_image.empty()) {
    std::string why = BadMenuUrl(s->default_image);
    if (!why.empty()) {
      problems.Add(line("default_image"), "default_image", why);
    }
  }
  if (!IsJekyllPaginatePath(s->paginate_path)) {
    problems.Add(line("paginate_path"), "paginate_path",
                 "'" + s->paginate_path.substr(0, 60) +
                     "' must start with / and hold :num once, as Jekyll's "
                     "paginate_path does (/page:num/, /blog/page:num/)");
  }
  if (!IsLanguageTag(s->language)) {
    problems.Add(line("language"), "language",
                 "'" + s->language.substr(0, 40) +
                     "' is not a BCP 47 language tag such as en, de or pt-BR");
  }
  if ((s->default_image_width == 0) != (s->default_image_height == 0)) {
    const char* key = s->default_image_width == 0 ? "default_image_height"
                                                  : "default_image_width";
    problems.Add(line(key), key,
                 "give default_image_width and default_image_height "
                 "together, or neither");
  }
  if (Status tz = CheckTimeZone(s->time_zone); !tz.ok()) {
    problems.Add(line("time_zone"), "time_zone", tz.message());
  }
  if (!s->socket_group.empty() &&
      getgrnam(s->socket_group.c_str()) == nullptr) {
    problems.Add(line("socket_group"), "socket_group",
                 "no group named '" + s->socket_group.substr(0, 64) +
                     "' on this machine (nginx's is www-data on Debian)");
  }
  if (!s->control_group.empty() &&
      getgrnam(s->control_group.c_str()) == nullptr) {
    problems.Add(line("control_group"), "control_group",
                 "no group named '" + s->control_group.substr(0, 64) +
                     "' on this machine");
  }

  const PatternRule rules[] = {
      {"post_url", &s->post_url, {"year", "month", "day", "slug"}, "slug"},
      {"tag_url", &s->tag_url, {"tag"}, "tag"},
      {"author_url", &s->author_url, {"author"}, "author"},
      {"theme_url", &s->theme_url, {}, nullptr},
      {"media_url", &s->media_url, {}, nullptr},
  };
  for (const auto& rule : rules) CheckPattern(rule, line(rule.key), &problems);
  // Collisions, checked only between well-formed patterns.
  Problems shape(file_name);
  for (const auto& rule : rules) CheckPattern(rule, 0, &shape);
  const bool patterns_ok = shape.empty();
  if (patterns_ok) {
    struct Owner {
      std::string pattern, key, what;
    };
    // Every URL has one owner: the fixed pages, then the patterns (with
    // the "page/N/" of listings), in the router's order.
    std::vector<Owner> owners = {
        {"/", "", "the home page /"},
        {"/page/:page/", "", "the home listing's pages /page/N/"},
        {"/authors/", "", "the authors page /authors/"},
        {"/tags/", "", "the tags page /tags/"},
        {"/sitemap.xml", "", "the sitemap /sitemap.xml"},
        {"/robots.txt", "", "robots.txt /robots.txt"},
        {"/feed.xml", "", "the feed /feed.xml"},
        {"/feed.json", "", "the JSON feed /feed.json"},
        {"/_health", "", "the health check /_health"},
        {s->tag_url, "tag_url", "tag_url " + s->tag_url},
        {s->tag_url + "page/:page/", "tag_url",
         "the pages of tag_url " + s->tag_url + "page/N/"},
        {s->tag_url + "feed.xml", "tag_url",
         "the feeds of tag_url " + s->tag_url + "feed.xml"},
        {s->tag_url + "feed.json", "tag_url",
         "the feeds of tag_url " + s->tag_url + "feed.json"},
        {s->author_url, "author_url", "author_url " + s->author_url},
        {s->author_url + "page/:page/", "author_url",
         "the pages of author_url " + s->author_url + "page/N/"},
        {s->author_url + "feed.xml", "author_url",
         "the feeds of author_url " + s->author_url + "feed.xml"},
        {s->author_url + "feed.json", "author_url",
         "the feeds of author_url " + s->author_url + "feed.json"},
        {s->post_url, "post_url", "post_url " + s->post_url},
    };
    std::map<std::string, bool> reported;  // one message per pair of keys
    for (size_t i = 0; i < owners.size(); ++i) {
      for (size_t j = i + 1; j < owners.size(); ++j) {
        const Owner& a = owners[i];
        const Owner& b = owners[j];
        if (b.key.empty() || a.key == b.key) continue;
        if (!PatternsMeet(a.pattern, b.pattern)) continue;
        if (reported[a.key + "|" + b.key + "|" + a.what]) continue;
        reported[a.key + "|" + b.key + "|" + a.what] = true;
        const std::string& key =
            line(b.key) >= line(a.key) || a.key.empty() ? b.key : a.key;
        problems.Add(line(key), key,
                     b.what + " collides with " + a.what + ": " +
                         Example(b.pattern, a.pattern) +
                         " would match both; give each a literal segment "
                         "of its own (e.g. /posts/:slug/)");
      }
    }
    for (const char* folder_key : {"theme_url", "media_url"}) {
      const std::string& folder =
          std::string(folder_key) == "theme_url" ? s->theme_url : s->media_url;
      if (folder == "/") {
        problems.Add(line(folder_key), folder_key,
                     "'/' would hand every URL to nginx's files");
        continue;
      }
      for (const Owner& o : owners) {
        // A feed (base + "feed.xml") lies under a folder only when its
        // listing does, which is said already; "/feed.xml" and the other
        // fixed files only under "/", refused above.
        if (o.pattern.back() != '/') continue;
        if (!PatternUnder(o.pattern, folder)) continue;
        const std::string key = o.key.empty() ? folder_key : o.key;
        problems.Add(line(key), key,
                     o.what + " lies under " + folder_key + " " + folder +
                         ", which nginx serves from files");
      }
    }
    if (PatternUnder(s->theme_url, s->media_url) ||
        PatternUnder(s->media_url, s->theme_url)) {
      problems.Add(line("media_url"), "media_url",
                   "theme_url " + s->theme_url + " and media_url " +
                       s->media_url + " overlap; give each its own folder");
    }
  }

  const std::pair<const char*, const std::string*> paths[] = {
      {"store_path", &s->store_path},
      {"templates_dir", &s->templates_dir},
      {"media_dir", &s->media_dir}};
  for (const auto& [key, value] : paths) {
    if (value->empty()) problems.Add(line(key), key, "must not be empty");
  }
  if (!problems.empty()) return Status::InvalidArgument(problems.Message());

  fs::path dir = fs::path(s->file).parent_path();
  for (auto* p : {&s->store_path, &s->templates_dir, &s->media_dir,
                  &s->log_file, &s->highlight_dir}) {
    if (!p->empty() && fs::path(*p).is_relative()) {
      *p = (dir / *p).lexically_normal().string();
    }
  }
  // A theme folder that is missing is the templates' error (at start); one
  // without the language's words is this setting's.
  std::error_code dir_ec;
  std::string looked_for;
  if (fs::is_directory(s->templates_dir, dir_ec) &&
      TranslationFile(s->templates_dir, s->language, &looked_for).empty()) {
    problems.Add(line("language"), "language",
                 "no translation for '" + s->language.substr(0, 40) +
                     "': " + looked_for.substr(0, 300) +
                     " does not exist (templates/i18n/ holds en.yaml and "
                     "de.yaml; docs/settings.md says how to add one)");
    return Status::InvalidArgument(problems.Message());
  }
  return Status::OK();
}

std::string TranslationFile(const std::string& templates_dir,
                            const std::string& language,
                            std::string* looked_for) {
  // "de-CH": de-CH.yaml, then de.yaml.
  std::vector<std::string> names = {language};
  if (size_t dash = language.find('-'); dash != std::string::npos) {
    names.push_back(language.substr(0, dash));
  }
  looked_for->clear();
  for (const std::string& name : names) {
    std::string file =
        (fs::path(templates_dir) / "i18n" / (name + ".yaml")).string();
    std::error_code ec;
    if (fs::is_regular_file(file, ec)) return file;
    *looked_for += (looked_for->empty() ? "" : " or ") + file;
  }
  return "";
}

Status LoadSettings(const std::string& path, Settings* s) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot read the settings file");
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxSettingsFileBytes) {
      return Status::InvalidArgument(
          path +
          ": the settings file is larger than 1 MB; it holds `key: "
          "value` lines only");
    }
  }
  if (in.bad())
    return Status::IOError(path + ": cannot read the settings file");
  return ParseSettings(text, path, s);
}

std::string DefaultSettingsPath(const char* argv0, bool started_by_web_server) {
  if (const char* env = std::getenv("LEVELPRESS_CONFIG"); env && *env) {
    return env;
  }
  std::error_code ec;
  if (!started_by_web_server && fs::exists("data/levelpress.conf", ec)) {
    return "data/levelpress.conf";
  }
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) {
    self = fs::absolute(argv0 ? argv0 : "levelpress", ec);
    if (ec) self = "levelpress";
  }
  return (self.parent_path() / "levelpress.conf").string();
}

}  // namespace levelpress
