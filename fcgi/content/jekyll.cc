#include "jekyll.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <set>

namespace levelpress {
namespace fs = std::filesystem;
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

int CountLines(std::string_view s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// The file name without folder and extension, and its date prefix
// ("2023-01-02-") removed.
std::string TitlePart(const std::string& relative_path) {
  std::string name = fs::path(relative_path).stem().string();
  if (name.size() > 11 && std::isdigit(static_cast<unsigned char>(name[0])) &&
      name[4] == '-' && name[7] == '-' && name[10] == '-') {
    return name.substr(11);
  }
  // Jekyll also takes single-digit months and days ("2017-2-5-x").
  int dashes = 0;
  size_t i = 0;
  for (; i < name.size() && dashes < 3; ++i) {
    if (name[i] == '-') {
      ++dashes;
    } else if (!std::isdigit(static_cast<unsigned char>(name[i]))) {
      break;
    }
  }
  return dashes == 3 && i < name.size() ? name.substr(i) : name;
}

// Jekyll's Utils.slugify: `pretty` keeps ._~!$&'()+,;=@ and the case;
// `default` keeps letters and digits only, lower-cased. Bytes of UTF-8
// sequences count as letters.
std::string JekyllSlugify(std::string_view s, bool pretty) {
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    bool keep = std::isalnum(c) || c >= 0x80 ||
                (pretty && std::string_view("._~!$&'()+,;=@").find(ch) !=
                               std::string_view::npos);
    if (keep) {
      out += pretty ? ch : static_cast<char>(std::tolower(c));
    } else if (out.empty() || out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.front() == '-') out.erase(0, 1);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string Hex(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string TwoDigits(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

}  // namespace

JekyllConfig ReadJekyllConfig(const std::string& file, std::string_view text,
                              std::vector<Problem>* problems) {
  JekyllConfig config;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    problems->push_back({file, e.mark.line + 1, "", e.msg});
    return config;
  }
  if (!root.IsMap()) return config;
  for (const auto& kv : root) {
    if (kv.first.IsScalar() && kv.second.IsScalar())
      config.site[kv.first.Scalar()] = kv.second.Scalar();
  }
  auto scalar = [&](const char* key, std::string* out, int* line = nullptr) {
    const YAML::Node n = root[key];
    if (n && n.IsScalar()) {
      *out = n.Scalar();
      if (line) *line = n.Mark().line + 1;
    }
  };
  scalar("permalink", &config.permalink);
  // collections: posts: permalink: wins for posts.
  if (const YAML::Node c = root["collections"]; c && c.IsMap()) {
    if (const YAML::Node posts = c["posts"]; posts && posts.IsMap()) {
      if (const YAML::Node p = posts["permalink"]; p && p.IsScalar())
        config.permalink = p.Scalar();
    }
  }
  scalar("paginate_path", &config.paginate_path, &config.paginate_path_line);
  scalar("excerpt_separator", &config.excerpt_separator);
  scalar("timezone", &config.timezone, &config.timezone_line);
  scalar("author", &config.author);
  if (const YAML::Node a = root["author"];
      a && a.IsMap() && a["name"] && a["name"].IsScalar()) {
    config.author = a["name"].Scalar();
  }
  return config;
}

bool IsJekyllPath(const std::string& relative_path) {
  return StartsWith(relative_path, "_posts/") ||
         IsJekyllDraftPath(relative_path);
}

bool IsJekyllDraftPath(const std::string& relative_path) {
  return StartsWith(relative_path, "_drafts/");
}

std::string JekyllTitlePart(const std::string& relative_path) {
  return TitlePart(relative_path);
}

std::string RefPlaceholder(const std::string& target) {
  return "/_levelpress_post_ref/" + Hex(target) + "/";
}

std::string TitleFromFileName(const std::string& relative_path) {
  std::string out;
  bool start = true;
  for (char ch : TitlePart(relative_path)) {
    if (ch == '-') {
      out += ' ';
      start = true;
      continue;
    }
    auto c = static_cast<unsigned char>(ch);
    out += static_cast<char>(start ? std::toupper(c) : std::tolower(c));
    start = false;
  }
  return std::string(Trim(out));
}

// ----------------------------------------------------------------- Liquid

namespace {

// One pass over the Markdown, tag by tag.
class LiquidConverter {
 public:
  LiquidConverter(std::string_view in, const std::string& file, int first_line,
                  const std::string& source_dir,
                  const std::map<std::string, std::string>& site,
                  std::vector<PostRef>* refs, std::vector<Problem>* problems)
      : in_(in),
        file_(file),
        first_line_(first_line),
        source_dir_(source_dir),
        site_(site),
        refs_(refs),
        problems_(problems) {}

  std::string Run() {
    last_tag_close_ = in_.rfind("%}");
    last_output_close_ = in_.rfind("}}");
    // The next "{%" and "{{", found again only once pos_ has passed them:
    // each search covers new text (no quadratic scans on hostile input).
    size_t tag = in_.find("{%"), out = in_.find("{{");
    while (pos_ < in_.size()) {
      if (tag != std::string_view::npos && tag < pos_)
        tag = in_.find("{%", pos_);
      if (out != std::string_view::npos && out < pos_)
        out = in_.find("{{", pos_);
      size_t next = std::min(tag, out);
      if (next == std::string_view::npos) break;
      Copy(next);
      // A tag kept as text is copied whole: its inside is not read again.
      size_t end = std::string_view::npos;
      if (next == tag ? !Tag(&end) : !Output(&end)) {
        Copy(end == std::string_view::npos ? pos_ + 2 : end);
      }
    }
    Copy(in_.size());
    return std::move(out_);
  }

 private:
  // pos_ only moves forward, so lines are counted once in all.
  int Line() {
    line_ += CountLines(in_.substr(line_pos_, pos_ - line_pos_));
    line_pos_ = pos_;
    return first_line_ + line_;
  }
  void Copy(size_t to) {
    out_.append(in_.substr(pos_, to - pos_));
    pos_ = to;
  }
  void Warn(std::string message) {
    problems_->push_back({file_, Line(), "", std::move(message), true});
  }
  // The tag at pos_: its words, and where it ends; false if unclosed.
  bool ReadTag(size_t at, std::string* name, std::string* args,
               size_t* end) const {
    if (last_tag_close_ == std::string_view::npos || last_tag_close_ < at + 2)
      return false;
    size_t close = in_.find("%}", at + 2);
    std::string_view inner = in_.substr(at + 2, close - at - 2);
    if (!inner.empty() && inner.front() == '-') inner.remove_prefix(1);
    if (!inner.empty() && inner.back() == '-') inner.remove_suffix(1);
    inner = Trim(inner);
    size_t space = inner.find_first_of(" \t\n");
    *name = std::string(inner.substr(0, space));
    *args = space == std::string_view::npos
                ? ""
                : std::string(Trim(inner.substr(space)));
    *end = close + 2;
    return true;
  }
  // Finds {% endNAME %} from pos_; its start and end.
  bool FindEnd(const std::string& end_name, size_t* start, size_t* end) {
    // Not found once, never found later: pos_ only moves forward.
    if (no_end_.count(end_name)) return false;
    for (size_t at = in_.find("{%", pos_); at != std::string_view::npos;
         at = in_.find("{%", at + 2)) {
      std::string name, args;
      size_t tag_end;
      if (ReadTag(at, &name, &args, &tag_end) && name == end_name) {
        *start = at;
        *end = tag_end;
        return true;
      }
    }
    no_end_.insert(end_name);
    return false;
  }

  // Converts the tag at pos_; false to keep it as text (*kept_end: where
  // the kept tag ends).
  bool Tag(size_t* kept_end) {
    std::string name, args;
    size_t end;
    if (!ReadTag(pos_, &name, &args, &end)) return false;
    const std::string written(in_.substr(pos_, end - pos_));
    if (name == "raw" || name == "comment" || name == "highlight") {
      size_t body_start = end, close_start, close_end;
      pos_ = end;
      if (!FindEnd("end" + name, &close_start, &close_end)) {
        Warn("Liquid tag " + written + " has no {% end" + name + " %}");
        out_ += written;
        return true;
      }
      std::string_view body = in_.substr(body_start, close_start - body_start);
      if (name == "raw") {
        out_.append(body);
      } else if (name == "comment") {
        out_.append(CountLines(body), '\n');  // keeps the lines counted
      } else {
        Highlight(args, body);
      }
      pos_ = close_end;
      return true;
    }
    if (name == "post_url" || name == "link") {
      std::string target = args;
      if (name == "link" && !StartsWith(target, "_posts/") &&
          !StartsWith(target, "_drafts/")) {
        // A file that is not a post: relative to the post, so that it is
        // published as a media file beside it.
        target =
            fs::path(target)
                .lexically_relative(source_dir_.empty() ? "." : source_dir_)
                .generic_string();
        out_ += target;
        pos_ = end;
        return true;
      }
      refs_->push_back({target, Line()});
      out_ += RefPlaceholder(target);
      pos_ = end;
      return true;
    }
    Warn("Liquid tag " + written.substr(0, 120) + " is not supported");
    *kept_end = end;
    return false;
  }

  void Highlight(const std::string& args, std::string_view code) {
    std::string lang = args.substr(0, args.find_first_of(" \t"));
    bool linenos = args.find("linenos") != std::string::npos;
    std::string fence = "```";
    while (code.find(fence) != std::string_view::npos) fence += '`';
    if (out_.size() > 0 && out_.back() != '\n') out_ += '\n';
    out_ += fence + lang + (linenos ? " {linenos=true}" : "");
    if (code.empty() || code.front() != '\n') out_ += '\n';
    out_.append(code);
    if (code.empty() || code.back() != '\n') out_ += '\n';
    out_ += fence;
  }

  // {{ ... }} at pos_: the site's URL prefixes become nothing (LevelPress
  // serves from /), a quoted path through relative_url/absolute_url
  // itself; anything else stays, with a warning.
  bool Output(size_t* kept_end) {
    if (last_output_close_ == std::string_view::npos ||
        last_output_close_ < pos_ + 2)
      return false;
    size_t close = in_.find("}}", pos_ + 2);
    std::string_view inner = in_.substr(pos_ + 2, close - pos_ - 2);
    if (!inner.empty() && inner.front() == '-') inner.remove_prefix(1);
    if (!inner.empty() && inner.back() == '-') inner.remove_suffix(1);
    inner = Trim(inner);
    if (inner == "site.baseurl" || inner == "site.url") {
      // "{{ site.baseurl }}/assets/x.png": the file, relative to the post,
      // is copied and published like any image beside it.
      pos_ = close + 2;
      if (pos_ < in_.size() && in_[pos_] == '/') out_ += ToRoot();
      return true;
    }
    if (inner.substr(0, 5) == "site.") {
      auto it = site_.find(std::string(inner.substr(5)));
      if (it != site_.end()) {
        out_ += it->second;
        pos_ = close + 2;
        return true;
      }
    }
    size_t bar = inner.find('|');
    if (bar != std::string_view::npos) {
      std::string_view value = Trim(inner.substr(0, bar));
      std::string_view filter = Trim(inner.substr(bar + 1));
      if ((filter == "relative_url" || filter == "absolute_url") &&
          value.size() >= 2 &&
          (value.front() == '"' || value.front() == '\'') &&
          value.back() == value.front()) {
        std::string_view path = value.substr(1, value.size() - 2);
        if (!path.empty() && path.front() == '/') out_ += ToRoot();
        out_.append(path);
        pos_ = close + 2;
        return true;
      }
    }
    Warn("Liquid output {{ " + std::string(inner.substr(0, 100)) +
         " }} is not supported");
    *kept_end = close + 2;
    return false;
  }

  // From the post's folder to the content folder ("..", or "." at the top).
  std::string ToRoot() const {
    std::string up =
        fs::path(".")
            .lexically_relative(source_dir_.empty() ? "." : source_dir_)
            .generic_string();
    return up.empty() ? "." : up;
  }

  std::string_view in_;
  const std::string& file_;
  const int first_line_;
  const std::string& source_dir_;
  const std::map<std::string, std::string>& site_;
  std::vector<PostRef>* refs_;
  std::vector<Problem>* problems_;
  size_t pos_ = 0;
  size_t line_pos_ = 0;  // lines are counted up to here
  int line_ = 0;
  size_t last_tag_close_ = 0, last_output_close_ = 0;
  std::set<std::string> no_end_;  // end tags that are not there
  std::string out_;
};

}  // namespace

std::string ConvertLiquid(std::string_view markdown, const std::string& file,
                          int first_line, const std::string& source_dir,
                          const std::map<std::string, std::string>& site,
                          std::vector<PostRef>* refs,
                          std::vector<Problem>* problems) {
  return LiquidConverter(markdown, file, first_line, source_dir, site, refs,
                         problems)
      .Run();
}

// --------------------------------------------------------------- permalink

std::string JekyllPostUrl(std::string_view permalink,
                          const JekyllPostInfo& post, std::string* unknown) {
  static const char* kMonths[] = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  std::string pattern(permalink);
  if (pattern.empty() || pattern == "date") {
    pattern = "/:categories/:year/:month/:day/:title:output_ext";
  } else if (pattern == "pretty") {
    pattern = "/:categories/:year/:month/:day/:title/";
  } else if (pattern == "ordinal") {
    pattern = "/:categories/:year/:y_day/:title:output_ext";
  } else if (pattern == "none") {
    pattern = "/:categories/:title:output_ext";
  }
  std::string categories, slugified;
  for (const auto& c : post.categories) {
    std::string lower;
    for (char ch : c)
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    categories += (categories.empty() ? "" : "/") + lower;
    slugified += (slugified.empty() ? "" : "/") + JekyllSlugify(c, false);
  }
  const int month = post.month >= 1 && post.month <= 12 ? post.month : 1;
  auto value = [&](const std::string& name, std::string* out) {
    if (name == "year")
      *out = std::to_string(post.year);
    else if (name == "short_year")
      *out = TwoDigits(post.year % 100);
    else if (name == "month")
      *out = TwoDigits(post.month);
    else if (name == "i_month")
      *out = std::to_string(post.month);
    else if (name == "short_month")
      *out = std::string(kMonths[month - 1], 3);
    else if (name == "long_month")
      *out = kMonths[month - 1];
    else if (name == "day")
      *out = TwoDigits(post.day);
    else if (name == "i_day")
      *out = std::to_string(post.day);
    else if (name == "y_day") {
      char buf[8];
      std::snprintf(buf, sizeof buf, "%03d", post.year_day);
      *out = buf;
    } else if (name == "hour")
      *out = TwoDigits(post.hour);
    else if (name == "minute")
      *out = TwoDigits(post.minute);
    else if (name == "second")
      *out = TwoDigits(post.second);
    else if (name == "title")
      *out = JekyllSlugify(post.title, true);
    else if (name == "slug")
      *out = JekyllSlugify(post.title, false);
    else if (name == "categories")
      *out = categories;
    else if (name == "slugified_categories")
      *out = slugified;
    else if (name == "output_ext")
      *out = ".html";
    else
      return false;
    return true;
  };
  std::string url;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] != ':') {
      url += pattern[i++];
      continue;
    }
    size_t j = i + 1;
    while (j < pattern.size() &&
           (std::isalnum(static_cast<unsigned char>(pattern[j])) ||
            pattern[j] == '_')) {
      ++j;
    }
    // The longest name that is a placeholder (":title:output_ext").
    std::string name = pattern.substr(i + 1, j - i - 1), v;
    if (!value(name, &v)) {
      *unknown = ":" + name;
      return "";
    }
    url += v;
    i = j;
  }
  // Jekyll drops the empty segments (no categories) and starts with '/'.
  std::string clean = "/";
  for (char c : url) {
    if (c == '/' && clean.back() == '/') continue;
    clean += c;
  }
  return clean;
}

}  // namespace levelpress
