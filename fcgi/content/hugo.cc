#include "hugo.h"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

namespace levelpress {
namespace {

// A shortcode's words: its name, positional and named arguments.
struct Shortcode {
  std::string name;
  bool closing = false;  // {{< /name >}}
  std::vector<std::string> positional;
  std::map<std::string, std::string> named;
};

Shortcode ParseShortcode(std::string_view inner) {
  Shortcode sc;
  size_t i = 0;
  auto skip = [&] {
    while (i < inner.size() &&
           std::isspace(static_cast<unsigned char>(inner[i])))
      ++i;
  };
  auto word = [&]() -> std::string {
    skip();
    if (i >= inner.size()) return "";
    char q = inner[i];
    if (q == '"' || q == '`') {
      size_t end = inner.find(q, i + 1);
      if (end == std::string_view::npos) end = inner.size();
      std::string w(inner.substr(i + 1, end - i - 1));
      i = std::min(end + 1, inner.size());
      return w;
    }
    size_t start = i;
    while (i < inner.size() &&
           !std::isspace(static_cast<unsigned char>(inner[i])) &&
           inner[i] != '=')
      ++i;
    return std::string(inner.substr(start, i - start));
  };
  sc.name = word();
  if (!sc.name.empty() && sc.name[0] == '/') {
    sc.closing = true;
    sc.name.erase(0, 1);
  }
  while (true) {
    skip();
    if (i >= inner.size()) break;
    bool quoted = inner[i] == '"' || inner[i] == '`';
    std::string w = word();
    skip();
    if (!quoted && i < inner.size() && inner[i] == '=') {
      ++i;
      sc.named[w] = word();
    } else if (!w.empty() || quoted) {
      sc.positional.push_back(w);
    } else {
      ++i;  // a stray character
    }
  }
  return sc;
}

// `text` on one line (each run of white space one space), at most `max`
// bytes (not cutting a UTF-8 character): a shortcode as a warning shows it.
std::string OneLine(std::string_view text, size_t max) {
  std::string out;
  for (char c : text) {
    const bool space = std::isspace(static_cast<unsigned char>(c));
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  if (out.size() > max) {
    size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
      --cut;
    out.resize(cut);
  }
  return out;
}

// Hugo's highlight options ("linenos=table,hl_lines=8 15-17") as the
// highlighter's ({linenos=true hl_lines=[8,"15-17"]}).
std::string FenceOptions(const std::string& options) {
  std::string out;
  size_t pos = 0;
  while (pos <= options.size()) {
    size_t comma = options.find(',', pos);
    if (comma == std::string::npos) comma = options.size();
    std::string item = options.substr(pos, comma - pos);
    pos = comma + 1;
    size_t eq = item.find('=');
    std::string key = item.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
    while (!key.empty() && key.front() == ' ') key.erase(0, 1);
    if (key == "linenos" && value != "false") {
      out += " linenos=true";
    } else if (key == "linenostart" && !value.empty()) {
      out += " linenostart=" + value;
    } else if (key == "hl_lines" && !value.empty()) {
      std::string list;
      size_t p = 0;
      while (p < value.size()) {
        size_t space = value.find(' ', p);
        if (space == std::string::npos) space = value.size();
        std::string part = value.substr(p, space - p);
        p = space + 1;
        if (part.empty()) continue;
        if (!list.empty()) list += ",";
        list += part.find('-') == std::string::npos ? part : "\"" + part + "\"";
      }
      out += " hl_lines=[" + list + "]";
    }
  }
  return out.empty() ? "" : " {" + out.substr(1) + "}";
}

class ShortcodeConverter {
 public:
  ShortcodeConverter(std::string_view in, const std::string& file,
                     int first_line, std::vector<PostRef>* refs,
                     std::vector<Problem>* problems)
      : in_(in),
        file_(file),
        first_line_(first_line),
        refs_(refs),
        problems_(problems) {}

  std::string Run() {
    last_close_['<'] = in_.rfind(">}}");
    last_close_['%'] = in_.rfind("%}}");
    while (pos_ < in_.size()) {
      size_t next = in_.find("{{", pos_);
      if (next == std::string_view::npos || next + 2 >= in_.size()) break;
      Copy(next);
      char kind = in_[pos_ + 2];
      if (kind != '<' && kind != '%') {
        Copy(pos_ + 2);
        continue;
      }
      size_t end = Shortcode(kind);
      if (end != std::string_view::npos) Copy(end);
    }
    Copy(in_.size());
    return std::move(out_);
  }

 private:
  int Line() {
    for (; line_pos_ < pos_; ++line_pos_) line_ += in_[line_pos_] == '\n';
    return first_line_ + line_;
  }
  void Copy(size_t to) {
    out_.append(in_.substr(pos_, to - pos_));
    pos_ = to;
  }
  // The shortcode {{< ... >}} or {{% ... %}} at pos_. Returns where the
  // text to keep ends (npos: converted, pos_ moved past it).
  size_t Shortcode(char kind) {
    const std::string close = std::string(1, kind == '<' ? '>' : '%') + "}}";
    // No close after here: nothing to find (no scan per opening).
    if (last_close_[kind] == std::string_view::npos ||
        last_close_[kind] < pos_ + 3)
      return pos_ + 3;
    size_t end = in_.find(close, pos_ + 3);
    std::string_view inner = in_.substr(pos_ + 3, end - pos_ - 3);
    end += close.size();
    // {{</* x */>}}: Hugo's escape, shown as {{< x >}}.
    std::string_view trimmed = inner;
    while (!trimmed.empty() && trimmed.front() == ' ') trimmed.remove_prefix(1);
    while (!trimmed.empty() && trimmed.back() == ' ') trimmed.remove_suffix(1);
    if (trimmed.size() >= 4 && trimmed.substr(0, 2) == "/*" &&
        trimmed.substr(trimmed.size() - 2) == "*/") {
      std::string_view shown = trimmed.substr(2, trimmed.size() - 4);
      while (!shown.empty() && shown.front() == ' ') shown.remove_prefix(1);
      while (!shown.empty() && shown.back() == ' ') shown.remove_suffix(1);
      out_ += std::string("{{") + kind + " " + std::string(shown) + " " + close;
      pos_ = end;
      return std::string_view::npos;
    }
    struct Shortcode sc = ParseShortcode(inner);
    const std::string written(in_.substr(pos_, end - pos_));
    if (!sc.closing && sc.name == "highlight") {
      const std::string closing_tag = std::string("{{") + kind + " /highlight ";
      size_t body_end = no_highlight_end_ ? std::string_view::npos
                                          : in_.find(closing_tag, end);
      no_highlight_end_ = body_end == std::string_view::npos;
      size_t close_end = body_end == std::string_view::npos
                             ? body_end
                             : in_.find(close, body_end);
      if (close_end != std::string_view::npos) {
        std::string_view code = in_.substr(end, body_end - end);
        std::string lang = sc.positional.empty() ? "" : sc.positional[0];
        std::string options = sc.positional.size() > 1 ? sc.positional[1] : "";
        std::string fence = "```";
        while (code.find(fence) != std::string_view::npos) fence += '`';
        if (!out_.empty() && out_.back() != '\n') out_ += '\n';
        out_ += fence + lang + FenceOptions(options);
        if (code.empty() || code.front() != '\n') out_ += '\n';
        out_.append(code);
        if (code.empty() || code.back() != '\n') out_ += '\n';
        out_ += fence;
        pos_ = close_end + close.size();
        return std::string_view::npos;
      }
    }
    if (!sc.closing && sc.name == "figure" && sc.named.count("src")) {
      std::string caption = sc.named.count("caption") ? sc.named["caption"]
                            : sc.named.count("title") ? sc.named["title"]
                                                      : "";
      std::string alt = sc.named.count("alt") ? sc.named["alt"] : caption;
      std::string title;
      for (char c : caption) title += c == '"' ? '\'' : c;
      out_ += "![" + alt + "](" + sc.named["src"] +
              (title.empty() ? "" : " \"" + title + "\"") + ")";
      pos_ = end;
      return std::string_view::npos;
    }
    if (!sc.closing && (sc.name == "ref" || sc.name == "relref") &&
        !sc.positional.empty()) {
      std::string target = sc.positional[0];
      refs_->push_back({target, Line()});
      out_ += RefPlaceholder(target);
      pos_ = end;
      return std::string_view::npos;
    }
    // One warning per shortcode: a closing tag ("/x", "/ x") is kept quietly.
    if (!sc.closing && sc.name != "/") {
      problems_->push_back(
          {file_, Line(), "",
           "Hugo shortcode " + OneLine(written, 120) + " is not supported",
           true});
    }
    return end;
  }

  std::string_view in_;
  const std::string& file_;
  const int first_line_;
  std::vector<PostRef>* refs_;
  std::vector<Problem>* problems_;
  size_t pos_ = 0, line_pos_ = 0;
  std::map<char, size_t> last_close_;
  bool no_highlight_end_ = false;  // not found once, never found later
  int line_ = 0;
  std::string out_;
};

}  // namespace

bool IsHugoPath(const std::string& relative_path) {
  return relative_path.rfind("content/", 0) == 0;
}

namespace {

// Hugo's urlize: lower case, spaces to '-', only letters, digits, '-',
// '_' and '.' kept (UTF-8 kept as it is).
std::string Urlize(const std::string& s) {
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == ' ') {
      out += '-';
    } else if (std::isalnum(c) || c >= 0x80 || c == '-' || c == '_' ||
               c == '.') {
      out += static_cast<char>(std::tolower(c));
    }
  }
  return out;
}

}  // namespace

std::string HugoPostUrl(const std::string& permalink, const HugoPostInfo& post,
                        std::string* unknown) {
  namespace fs = std::filesystem;
  static const char* kMonths[] = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  fs::path rel =
      fs::path(post.relative_path).lexically_relative(post.content_dir);
  std::string stem = rel.stem().string();
  const std::string suffix = "." + post.language;
  if (!post.language.empty() && stem.size() > suffix.size() &&
      stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) == 0)
    stem.resize(stem.size() - suffix.size());
  const bool bundle = stem == "index";
  const std::string base =
      bundle ? rel.parent_path().filename().string() : stem;
  fs::path dir = bundle ? rel.parent_path().parent_path() : rel.parent_path();
  const std::string sections = dir.generic_string();
  const std::string section =
      dir.empty() ? "" : (*dir.begin()).generic_string();
  const std::string slug_or_base = post.slug.empty() ? base : post.slug;
  std::string pattern = permalink;
  if (pattern.empty()) pattern = "/:sections/:slugorcontentbasename/";
  auto two = [](int v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", v);
    return std::string(buf);
  };
  const int month = post.month >= 1 && post.month <= 12 ? post.month : 1;
  auto value = [&](const std::string& name, std::string* out) {
    if (name == "year")
      *out = std::to_string(post.year);
    else if (name == "month")
      *out = two(post.month);
    else if (name == "monthname")
      *out = kMonths[month - 1];
    else if (name == "day")
      *out = two(post.day);
    else if (name == "yearday")
      *out = std::to_string(post.year_day);
    else if (name == "section")
      *out = section;
    else if (name == "sections")
      *out = sections;
    else if (name == "title")
      *out = Urlize(post.title);
    else if (name == "slug")
      *out = post.slug.empty() ? Urlize(post.title) : post.slug;
    else if (name == "slugorfilename" || name == "slugorcontentbasename")
      *out = slug_or_base;
    else if (name == "filename" || name == "contentbasename")
      *out = base;
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
           std::isalpha(static_cast<unsigned char>(pattern[j])))
      ++j;
    std::string v;
    if (!value(pattern.substr(i + 1, j - i - 1), &v)) {
      *unknown = pattern.substr(i, j - i);
      return "";
    }
    url += v;
    i = j;
  }
  // Hugo's MakePathSanitized: a space is '-', punctuation other than
  // . _ # + ~ - @ and %XX goes, and the path is lower case unless
  // disablePathToLower ("My Post" is /posts/my-post/).
  auto hex = [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c));
  };
  std::string clean = "/";
  for (size_t i = 0; i < url.size(); ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (c == '/' && clean.back() == '/') continue;
    if (c == ' ') {
      if (clean.back() != '-') clean += '-';
    } else if (std::isalnum(c) || c >= 0x80 || std::strchr("/._#+~-@\\", c) ||
               (c == '%' && i + 2 < url.size() && hex(url[i + 1]) &&
                hex(url[i + 2]))) {
      clean += post.lower_case ? static_cast<char>(std::tolower(c))
                               : static_cast<char>(c);
    }
  }
  return clean;
}

std::string ConvertShortcodes(std::string_view markdown,
                              const std::string& file, int first_line,
                              std::vector<PostRef>* refs,
                              std::vector<Problem>* problems) {
  return ShortcodeConverter(markdown, file, first_line, refs, problems).Run();
}

}  // namespace levelpress
