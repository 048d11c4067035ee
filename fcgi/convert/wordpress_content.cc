#include "wordpress_content.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

namespace levelpress {
namespace {

// Longer is not a shortcode's name ([caption], [contact-form-7]).
constexpr size_t kMaxShortcodeName = 64;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

// `name="value"` pairs of a shortcode's opening tag (between name and ']').
std::map<std::string, std::string> ShortcodeAttributes(std::string_view s) {
  std::map<std::string, std::string> attrs;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    size_t name_start = i;
    while (i < s.size() && s[i] != '=' && !IsSpace(s[i])) ++i;
    std::string name(s.substr(name_start, i - name_start));
    if (i >= s.size() || s[i] != '=') continue;
    ++i;
    std::string value;
    if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
      char q = s[i++];
      size_t close = s.find(q, i);
      if (close == std::string_view::npos) close = s.size();
      value = std::string(s.substr(i, close - i));
      i = close + 1;
    } else {
      size_t start = i;
      while (i < s.size() && !IsSpace(s[i])) ++i;
      value = std::string(s.substr(start, i - start));
    }
    attrs[name] = value;
  }
  return attrs;
}

std::string EscapeCode(std::string_view code) {
  std::string out;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      // Already an entity (the editor may have escaped it): kept.
      size_t semi = code.find(';', i);
      bool entity =
          semi != std::string_view::npos && semi - i <= 10 && semi > i + 1 &&
          std::all_of(code.begin() + i + 1, code.begin() + semi, [](char x) {
            return std::isalnum(static_cast<unsigned char>(x)) || x == '#';
          });
      out += entity ? "&" : "&amp;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string EscapeAttribute(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"') {
      out += "&quot;";
    } else if (c == '<') {
      out += "&lt;";
    } else {
      out += c;
    }
  }
  return out;
}

// Shortcodes of WordPress itself and of common plugins, which a reader
// would see as text.
bool IsKnownShortcode(std::string_view name) {
  static const char* const kKnown[] = {
      "gallery",      "audio",          "video",     "playlist",   "embed",
      "wp_caption",   "youtube",        "vimeo",     "gist",       "tweet",
      "contact-form", "contact-form-7", "wpvideo",   "googlemaps", "soundcloud",
      "archives",     "latex",          "slideshow", "polldaddy",  "instagram"};
  return std::any_of(std::begin(kKnown), std::end(kKnown),
                     [&](const char* k) { return name == k; });
}

std::string Figure(const std::map<std::string, std::string>& attrs,
                   std::string_view inner) {
  // The image (maybe inside a link) is everything up to the last '>' of
  // its tags; the rest is the caption.
  std::string body = Trim(inner);
  size_t split = 0;
  size_t img = body.find("<img");
  if (img != std::string::npos) {
    size_t end = body.find('>', img);
    split = end == std::string::npos ? body.size() : end + 1;
    if (body.compare(split, 4, "</a>") == 0) split += 4;
  }
  std::string image = body.substr(0, split);
  std::string caption = Trim(body.substr(split));
  if (caption.empty()) {
    if (auto it = attrs.find("caption"); it != attrs.end())
      caption = it->second;
  }
  std::string out = "<figure";
  if (auto it = attrs.find("id"); it != attrs.end() && !it->second.empty())
    out += " id=\"" + EscapeAttribute(it->second) + "\"";
  out += ">" + image;
  if (!caption.empty()) out += "<figcaption>" + caption + "</figcaption>";
  return out + "</figure>";
}

std::string Code(const std::map<std::string, std::string>& attrs,
                 std::string_view inner) {
  std::string lang;
  for (const char* key : {"lang", "language"}) {
    if (auto it = attrs.find(key); it != attrs.end()) lang = it->second;
  }
  std::string code(inner);
  if (!code.empty() && code.front() == '\n') code.erase(0, 1);
  if (!code.empty() && code.front() == '\r') code.erase(0, 1);
  std::string out = "<pre><code";
  if (!lang.empty()) out += " class=\"language-" + EscapeAttribute(lang) + "\"";
  return out + ">" + EscapeCode(code) + "</code></pre>";
}

}  // namespace

std::string RemoveBlockComments(std::string_view html, bool* had_blocks) {
  std::string out;
  out.reserve(html.size());
  *had_blocks = false;
  size_t done = 0;
  for (size_t at = html.find("<!--"); at != std::string_view::npos;
       at = html.find("<!--", done)) {
    size_t p = at + 4;
    while (p < html.size() && IsSpace(html[p])) ++p;
    bool block =
        html.compare(p, 3, "wp:") == 0 || html.compare(p, 4, "/wp:") == 0;
    size_t close = html.find("-->", p);
    if (close == std::string_view::npos) break;
    out.append(html.substr(done, at - done));
    if (!block) out.append(html.substr(at, close + 3 - at));
    *had_blocks = *had_blocks || block;
    done = close + 3;
    // The newline the editor writes after a block comment goes with it.
    if (block && done < html.size() && html[done] == '\n') ++done;
  }
  out.append(html.substr(done));
  return out;
}

std::string ConvertWordPressShortcodes(std::string_view html,
                                       std::vector<std::string>* unknown) {
  std::string out;
  out.reserve(html.size());
  // Where the next ']' and each closing tag are, remembered so that text
  // full of '[' without them stays linear (a search that found nothing
  // finds nothing later either).
  size_t next_bracket = 0;
  bool bracket_known = false;
  std::map<std::string, size_t> next_close;
  size_t i = 0;
  while (i < html.size()) {
    size_t open = html.find('[', i);
    if (open == std::string_view::npos) break;
    size_t name_end = open + 1;
    while (name_end < html.size() && name_end - open <= kMaxShortcodeName &&
           (std::isalnum(static_cast<unsigned char>(html[name_end])) ||
            html[name_end] == '_' || html[name_end] == '-'))
      ++name_end;
    std::string name(html.substr(open + 1, name_end - open - 1));
    if (!bracket_known || next_bracket < name_end) {
      next_bracket = html.find(']', name_end);
      bracket_known = true;
    }
    size_t tag_end = next_bracket;
    bool is_tag = !name.empty() && name.size() < kMaxShortcodeName &&
                  tag_end != std::string_view::npos &&
                  (html[name_end] == ']' || IsSpace(html[name_end]));
    const std::string closing = "[/" + name + "]";
    size_t close = std::string_view::npos;
    if (is_tag) {
      auto known = next_close.find(name);
      if (known == next_close.end() || known->second < tag_end) {
        known = next_close.insert_or_assign(name, html.find(closing, tag_end))
                    .first;
      }
      close = known->second;
    }
    const bool ours = name == "caption" || name == "wp_caption" ||
                      name == "code" || name == "sourcecode" || name == "embed";
    if (!is_tag || (ours && close == std::string_view::npos)) {
      out.append(html.substr(i, open + 1 - i));
      i = open + 1;
      continue;
    }
    if (!ours) {
      if ((IsKnownShortcode(name) || close != std::string_view::npos) &&
          std::find(unknown->begin(), unknown->end(), name) == unknown->end())
        unknown->push_back(name);
      out.append(html.substr(i, tag_end + 1 - i));
      i = tag_end + 1;
      continue;
    }
    auto attrs = ShortcodeAttributes(html.substr(name_end, tag_end - name_end));
    std::string_view inner = html.substr(tag_end + 1, close - tag_end - 1);
    out.append(html.substr(i, open - i));
    if (name == "code" || name == "sourcecode") {
      out += Code(attrs, inner);
    } else if (name == "embed") {
      std::string url = Trim(inner);
      out += "<p><a href=\"" + EscapeAttribute(url) + "\">" + url + "</a></p>";
    } else {
      out += Figure(attrs, ConvertWordPressShortcodes(inner, unknown));
    }
    i = close + closing.size();
  }
  out.append(html.substr(i));
  return out;
}

namespace {

// The block-level tags of wpautop ($allblocks).
bool IsBlockName(std::string name) {
  static const char* const kBlocks[] = {
      "table",   "thead",      "tfoot",   "caption",    "col",     "colgroup",
      "tbody",   "tr",         "td",      "th",         "div",     "dl",
      "dd",      "dt",         "ul",      "ol",         "li",      "pre",
      "form",    "map",        "area",    "blockquote", "address", "math",
      "style",   "p",          "h1",      "h2",         "h3",      "h4",
      "h5",      "h6",         "hr",      "fieldset",   "legend",  "section",
      "article", "aside",      "hgroup",  "header",     "footer",  "nav",
      "figure",  "figcaption", "details", "menu",       "summary", "main",
      "iframe",  "video",      "audio",   "object",     "embed",   "script",
      "svg",     "source",     "track"};
  for (char& c : name)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::any_of(std::begin(kBlocks), std::end(kBlocks),
                     [&](const char* b) { return name == b; });
}

// Where the next '>' of a string is, for scans from left to right: a
// search that found nothing finds nothing later either, so text full of
// "<p " without '>' stays linear.
class NextGt {
 public:
  explicit NextGt(std::string_view s) : s_(s) {}
  size_t From(size_t p) {
    if (!known_ || (at_ != std::string_view::npos && at_ < p)) {
      at_ = s_.find('>', p);
      known_ = true;
    }
    return at_;
  }

 private:
  std::string_view s_;
  size_t at_ = 0;
  bool known_ = false;
};

// Whether s[i] starts a block-level tag; *end is past its '>', *closing
// says </x>. `gt` finds the '>' (callers scan s from left to right).
bool BlockTagAt(std::string_view s, size_t i, size_t* end, bool* closing,
                NextGt* gt) {
  if (s[i] != '<') return false;
  size_t p = i + 1;
  *closing = p < s.size() && s[p] == '/';
  if (*closing) ++p;
  size_t name_start = p;
  while (p < s.size() && std::isalnum(static_cast<unsigned char>(s[p]))) ++p;
  if (p == name_start || p >= s.size() ||
      !(IsSpace(s[p]) || s[p] == '>' || s[p] == '/'))
    return false;
  if (!IsBlockName(std::string(s.substr(name_start, p - name_start))))
    return false;
  size_t close = gt->From(p);
  if (close == std::string_view::npos) return false;
  *end = close + 1;
  return true;
}

// wpautop on text without <pre>: paragraphs, block tags set apart, <br>.
std::string AutoP(std::string_view text) {
  // 1. Blank lines around block tags, so they are never inside a <p>.
  std::string spaced;
  NextGt text_gt(text);
  for (size_t i = 0; i < text.size();) {
    size_t end;
    bool closing;
    if (text[i] == '\r') {
      ++i;
    } else if (text.substr(i, 11) == "<!--more-->") {
      // The excerpt ends here: between paragraphs, never inside one.
      spaced += "\n\n<!--more-->\n\n";
      i += 11;
    } else if (BlockTagAt(text, i, &end, &closing, &text_gt)) {
      if (!closing) spaced += "\n\n";
      spaced.append(text.substr(i, end - i));
      if (closing) spaced += "\n\n";
      i = end;
    } else {
      spaced += text[i++];
    }
  }
  // 2. Each run between blank lines a paragraph; a run that is a block
  // tag alone (or starts or ends with one) is not wrapped there; single
  // line breaks inside text become <br>.
  std::string out;
  size_t start = 0;
  auto paragraph = [&](std::string_view chunk) {
    std::string t = Trim(chunk);
    if (t.empty()) return;
    // Where block tags start and end, in one scan.
    std::vector<bool> starts(t.size(), false), ends(t.size(), false);
    NextGt gt(t);
    for (size_t i = 0; i < t.size(); ++i) {
      size_t end;
      bool closing;
      if (t[i] == '<' && BlockTagAt(t, i, &end, &closing, &gt)) {
        starts[i] = true;
        ends[end - 1] = true;
      }
    }
    const bool comment = t.rfind("<!--", 0) == 0 && t.size() >= 7 &&
                         t.compare(t.size() - 3, 3, "-->") == 0;
    std::string body;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] != '\n') {
        body += t[i];
        continue;
      }
      // No <br> beside a block tag.
      bool beside_block =
          (i > 0 && ends[i - 1]) || (i + 1 < t.size() && starts[i + 1]);
      body += beside_block ? "\n" : "<br>\n";
    }
    if (starts[0] || ends[t.size() - 1] || comment) {
      out += body + "\n";
    } else {
      out += "<p>" + body + "</p>\n";
    }
  };

  for (size_t p = 0; p < spaced.size(); ++p) {
    if (spaced[p] != '\n') continue;
    size_t q = p + 1;
    while (q < spaced.size() && (spaced[q] == ' ' || spaced[q] == '\t')) ++q;
    if (q < spaced.size() && spaced[q] == '\n') {
      paragraph(std::string_view(spaced).substr(start, p - start));
      while (q < spaced.size() && IsSpace(spaced[q])) ++q;
      start = q;
      p = q - 1;
    }
  }
  paragraph(std::string_view(spaced).substr(start));
  return out;
}

}  // namespace

std::string AddParagraphs(std::string_view html) {
  std::string out;
  size_t i = 0;
  while (i < html.size()) {
    size_t pre = html.find("<pre", i);
    if (pre == std::string_view::npos) break;
    size_t end = html.find("</pre>", pre);
    end = end == std::string_view::npos ? html.size() : end + 6;
    out += AutoP(html.substr(i, pre - i));
    out.append(html.substr(pre, end - pre));
    out += "\n";
    i = end;
  }
  out += AutoP(html.substr(std::min(i, html.size())));
  return out;
}

std::string DecodeEntities(std::string_view text) {
  static const std::map<std::string, std::string> kNamed = {
      {"amp", "&"},
      {"lt", "<"},
      {"gt", ">"},
      {"quot", "\""},
      {"apos", "'"},
      {"nbsp", "\xC2\xA0"},
      {"ndash", "\xE2\x80\x93"},
      {"mdash", "\xE2\x80\x94"},
      {"hellip", "\xE2\x80\xA6"},
      {"rsquo", "\xE2\x80\x99"},
      {"lsquo", "\xE2\x80\x98"},
      {"rdquo", "\xE2\x80\x9D"},
      {"ldquo", "\xE2\x80\x9C"}};
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    // An entity is short: look for its ';' nearby only (linear on "&&&").
    size_t semi =
        text[i] == '&' ? text.substr(i, 13).find(';') : std::string_view::npos;
    if (semi != std::string_view::npos) semi += i;
    if (semi == std::string_view::npos) {
      out += text[i];
      continue;
    }
    std::string name(text.substr(i + 1, semi - i - 1));
    unsigned long code = 0;
    bool numeric = name.size() > 1 && name[0] == '#';
    if (numeric) {
      char* end = nullptr;
      bool hex = name[1] == 'x' || name[1] == 'X';
      code = std::strtoul(name.c_str() + (hex ? 2 : 1), &end, hex ? 16 : 10);
      numeric = end && *end == '\0' && code > 0 && code <= 0x10FFFF &&
                !(code >= 0xD800 && code <= 0xDFFF) && code >= 0x20;
    }
    if (numeric) {
      if (code < 0x80) {
        out += static_cast<char>(code);
      } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
      } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
      } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
      }
      i = semi;
    } else if (auto it = kNamed.find(name); it != kNamed.end()) {
      out += it->second;
      i = semi;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace levelpress
