#include "absolute_urls.h"

#include <cctype>
#include <vector>

namespace levelpress {
namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

bool EqualsLower(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != lower[i]) return false;
  }
  return true;
}

// A scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
bool HasScheme(std::string_view ref) {
  if (ref.empty() || !IsAlpha(ref[0])) return false;
  for (size_t i = 1; i < ref.size(); ++i) {
    char c = ref[i];
    if (c == ':') return true;
    if (!IsAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' &&
        c != '.') {
      return false;
    }
  }
  return false;
}

// scheme://authority of an absolute URL, and the rest (path onwards).
void SplitOrigin(const std::string& url, std::string* origin,
                 std::string* rest) {
  size_t scheme_end = url.find("://");
  size_t path = scheme_end == std::string::npos ? std::string::npos
                                                : url.find('/', scheme_end + 3);
  if (path == std::string::npos) {
    *origin = url;
    rest->clear();
  } else {
    *origin = url.substr(0, path);
    *rest = url.substr(path);
  }
}

// RFC 3986 5.2.4: removes "." and ".." segments from an absolute path.
std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  bool trailing = false;
  while (pos < path.size()) {
    size_t end = path.find('/', pos + 1);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(pos + 1, end - pos - 1);
    trailing = false;
    if (seg == ".") {
      trailing = true;
    } else if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing = true;
    } else {
      out.push_back(seg);
    }
    pos = end;
  }
  std::string result;
  for (std::string_view seg : out) {
    result += '/';
    result += seg;
  }
  if (trailing || result.empty()) result += '/';
  return result;
}

}  // namespace

std::string ResolveUrl(std::string_view ref, const std::string& site_root,
                       const std::string& document_url) {
  // Browsers strip leading and trailing ASCII whitespace from URL values.
  while (!ref.empty() && IsAsciiSpace(ref.front())) ref.remove_prefix(1);
  while (!ref.empty() && IsAsciiSpace(ref.back())) ref.remove_suffix(1);
  if (HasScheme(ref)) return std::string(ref);
  if (ref.substr(0, 2) == "//") {
    size_t colon = site_root.find(':');
    return site_root.substr(0, colon + 1) + std::string(ref);
  }
  if (!ref.empty() && ref[0] == '/') return site_root + std::string(ref);
  if (ref.empty() || ref[0] == '#' || ref[0] == '?') {
    return document_url + std::string(ref);
  }
  // A relative path: merged with the document's folder (5.2.3), then
  // without dot segments; its query or fragment kept as written.
  std::string origin, doc_path;
  SplitOrigin(document_url, &origin, &doc_path);
  size_t end = ref.find_first_of("?#");
  std::string_view path = ref.substr(0, end);
  std::string_view tail =
      end == std::string_view::npos ? std::string_view() : ref.substr(end);
  size_t slash = doc_path.rfind('/');
  std::string merged =
      (slash == std::string::npos ? "/" : doc_path.substr(0, slash + 1)) +
      std::string(path);
  return origin + RemoveDotSegments(merged) + std::string(tail);
}

namespace {

// srcset: candidates separated by commas, each a URL and an optional
// descriptor ("a.png 1x, b.png 2x", "c.png 480w").
std::string ResolveSrcset(std::string_view value, const std::string& site_root,
                          const std::string& document_url) {
  std::string out;
  size_t i = 0;
  while (i < value.size()) {
    size_t start = i;
    while (i < value.size() && (IsAsciiSpace(value[i]) || value[i] == ',')) ++i;
    out.append(value.substr(start, i - start));
    if (i >= value.size()) break;
    size_t url_start = i;
    while (i < value.size() && !IsAsciiSpace(value[i])) ++i;
    std::string_view url = value.substr(url_start, i - url_start);
    // "a.png," : the comma ends the candidate, it is no part of the URL.
    size_t commas = 0;
    while (commas < url.size() && url[url.size() - 1 - commas] == ',') ++commas;
    url.remove_suffix(commas);
    out += ResolveUrl(url, site_root, document_url);
    out.append(commas, ',');
    if (commas > 0) continue;
    size_t desc_start = i;
    while (i < value.size() && value[i] != ',') ++i;
    out.append(value.substr(desc_start, i - desc_start));
  }
  return out;
}

bool IsUrlAttribute(std::string_view name) {
  return EqualsLower(name, "href") || EqualsLower(name, "src") ||
         EqualsLower(name, "poster");
}

// Raw text elements: their contents are not markup.
bool IsRawText(std::string_view tag) {
  return EqualsLower(tag, "script") || EqualsLower(tag, "style") ||
         EqualsLower(tag, "textarea") || EqualsLower(tag, "title");
}

// Where the raw text of `tag` that starts at pos ends (at its "</tag").
size_t EndOfRawText(std::string_view html, size_t pos, std::string_view tag) {
  while ((pos = html.find("</", pos)) != std::string_view::npos) {
    std::string_view name = html.substr(pos + 2, tag.size());
    bool same = name.size() == tag.size();
    for (size_t k = 0; same && k < tag.size(); ++k) {
      same = Lower(name[k]) == Lower(tag[k]);
    }
    if (same) return pos;
    pos += 2;
  }
  return html.size();
}

}  // namespace

std::string AbsoluteUrls(std::string_view html, const std::string& site_root,
                         const std::string& document_url) {
  std::string out;
  out.reserve(html.size() + html.size() / 8);
  size_t i = 0;
  while (i < html.size()) {
    size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) lt = html.size();
    out.append(html.substr(i, lt - i));
    i = lt;
    if (i >= html.size()) break;
    if (html.substr(i, 4) == "<!--") {
      size_t end = html.find("-->", i + 4);
      end = end == std::string_view::npos ? html.size() : end + 3;
      out.append(html.substr(i, end - i));
      i = end;
      continue;
    }
    if (i + 1 >= html.size() || !IsAlpha(html[i + 1])) {
      out += '<';  // "</p>", "<!DOCTYPE", "a < b": nothing to rewrite
      ++i;
      continue;
    }
    // A start tag: its name, then attributes up to '>'.
    size_t p = i + 1;
    while (p < html.size() && !IsAsciiSpace(html[p]) && html[p] != '>' &&
           html[p] != '/') {
      ++p;
    }
    std::string_view tag = html.substr(i + 1, p - i - 1);
    out.append(html.substr(i, p - i));
    bool closed = false;
    while (p < html.size()) {
      size_t start = p;
      while (p < html.size() && (IsAsciiSpace(html[p]) || html[p] == '/')) ++p;
      out.append(html.substr(start, p - start));
      if (p >= html.size()) break;
      if (html[p] == '>') {
        out += '>';
        ++p;
        closed = true;
        break;
      }
      size_t name_start = p;
      while (p < html.size() && !IsAsciiSpace(html[p]) && html[p] != '>' &&
             html[p] != '=' && html[p] != '/') {
        ++p;
      }
      if (p == name_start) ++p;  // a stray '=': copied as it is
      std::string_view name = html.substr(name_start, p - name_start);
      out.append(name);
      size_t q = p;
      while (q < html.size() && IsAsciiSpace(html[q])) ++q;
      if (q >= html.size() || html[q] != '=') continue;  // no value
      ++q;
      while (q < html.size() && IsAsciiSpace(html[q])) ++q;
      out.append(html.substr(p, q - p));
      p = q;
      if (p >= html.size()) break;
      std::string_view value;
      char quote = 0;
      if (html[p] == '"' || html[p] == '\'') {
        quote = html[p];
        size_t end = html.find(quote, p + 1);
        if (end == std::string_view::npos) {  // unterminated: copy the rest
          out.append(html.substr(p));
          return out;
        }
        value = html.substr(p + 1, end - p - 1);
        p = end + 1;
      } else {
        size_t end = p;
        while (end < html.size() && !IsAsciiSpace(html[end]) &&
               html[end] != '>') {
          ++end;
        }
        value = html.substr(p, end - p);
        p = end;
      }
      std::string rewritten;
      bool rewrite = true;
      if (IsUrlAttribute(name)) {
        rewritten = ResolveUrl(value, site_root, document_url);
      } else if (EqualsLower(name, "srcset")) {
        rewritten = ResolveSrcset(value, site_root, document_url);
      } else {
        rewrite = false;
      }
      if (!rewrite) {
        if (quote) out += quote;
        out.append(value);
        if (quote) out += quote;
        continue;
      }
      // An unquoted value is quoted now: the base URL cannot end it.
      const char q_out = quote ? quote : '"';
      out += q_out;
      for (char c : rewritten) {
        if (c == q_out) {
          out += q_out == '"' ? "&quot;" : "&#39;";
        } else {
          out += c;
        }
      }
      out += q_out;
    }
    i = p;
    if (closed && IsRawText(tag)) {
      size_t end = EndOfRawText(html, i, tag);
      out.append(html.substr(i, end - i));
      i = end;
    }
  }
  return out;
}

}  // namespace levelpress
