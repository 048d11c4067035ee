#include "markdown.h"

#include <cmark.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "slug.h"

namespace levelpress {
namespace {

constexpr int kCmarkOptions = CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8;

struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterDeleter {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;
using IterPtr = std::unique_ptr<cmark_iter, IterDeleter>;

bool HasScheme(std::string_view url) {
  if (url.empty() || !std::isalpha(static_cast<unsigned char>(url[0])))
    return false;
  for (char c : url) {
    if (c == ':') return true;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' &&
        c != '.') {
      return false;
    }
  }
  return false;
}

// What Prepare collects besides the HTML.
struct Found {
  std::vector<std::string>* assets;
  AssetLines* asset_lines;
  AssetLines* not_media;
};

std::string RewriteUrl(std::string_view url, int line,
                       const MarkdownOptions& options, const Found& found) {
  if (url.empty() || HasScheme(url) || url[0] == '/' || url[0] == '?') {
    return std::string(url);
  }
  if (url[0] == '#') return options.page_url + std::string(url);
  size_t cut = url.find_first_of("?#");
  std::string_view path = url.substr(0, cut);
  std::string rest(cut == std::string_view::npos ? "" : url.substr(cut));
  std::string resolved =
      (std::filesystem::path(options.source_dir) / std::string(path))
          .lexically_normal()
          .generic_string();
  // Outside the content folder, or not a media file: left as written.
  if (resolved.rfind("..", 0) == 0 || !IsMediaPath(resolved)) {
    found.not_media->emplace(std::string(url), line);
    return std::string(url);
  }
  found.assets->push_back(resolved);
  found.asset_lines->emplace(resolved, line);  // keeps the first line
  return options.asset_base_url + resolved + rest;
}

std::string HeadingText(cmark_node* heading) {
  std::string text;
  IterPtr iter(cmark_iter_new(heading));
  cmark_event_type ev;
  while ((ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(iter.get());
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node_type type = cmark_node_get_type(n);
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
      if (const char* lit = cmark_node_get_literal(n)) text += lit;
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      text += ' ';
    }
  }
  // Smart punctuation made these typographic; ids use the ASCII ones, so
  // "#dont-panic" links to "## Don't panic".
  static const std::pair<const char*, const char*> kAscii[] = {
      {"\u2019", "'"}, {"\u2018", "'"}, {"\u201c", "\""}, {"\u201d", "\""},
      {"\u2013", "-"}, {"\u2014", "-"}, {"\u2026", "..."}};
  for (const auto& [from, to] : kAscii) {
    for (size_t pos; (pos = text.find(from)) != std::string::npos;) {
      text.replace(pos, std::strlen(from), to);
    }
  }
  return text;
}

// Drops raw HTML, rewrites URLs, and collects heading ids in document order.
void Prepare(cmark_node* root, const MarkdownOptions& options,
             std::vector<std::string>* heading_ids, const Found& found) {
  std::vector<cmark_node*> doomed;
  std::set<std::string> used_ids;
  std::map<std::string, int> next_suffix;  // keeps many equal headings linear
  IterPtr iter(cmark_iter_new(root));
  cmark_event_type ev;
  while ((ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* n = cmark_iter_get_node(iter.get());
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_HTML_INLINE:
        doomed.push_back(n);
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE: {
        const char* url = cmark_node_get_url(n);
        std::string rewritten = RewriteUrl(
            url ? url : "", cmark_node_get_start_line(n), options, found);
        cmark_node_set_url(n, rewritten.c_str());
        break;
      }
      case CMARK_NODE_HEADING: {
        std::string base = Slugify(HeadingText(n));
        if (base.empty()) base = "section";
        std::string id = base;
        while (used_ids.count(id))
          id = base + "-" + std::to_string(++next_suffix[base]);
        used_ids.insert(id);
        heading_ids->push_back(id);
        break;
      }
      default:
        break;
    }
  }
  iter.reset();
  for (cmark_node* n : doomed) {
    cmark_node_unlink(n);
    cmark_node_free(n);
  }
}

// cmark writes "<h2>"; raw HTML is gone, so every "<hN>" is a heading.
std::string AddHeadingIds(const std::string& html,
                          const std::vector<std::string>& ids) {
  std::string out;
  out.reserve(html.size() + ids.size() * 16);
  size_t next_id = 0, pos = 0;
  while (true) {
    size_t at = html.find("<h", pos);
    if (at == std::string::npos || at + 3 >= html.size()) break;
    char level = html[at + 2];
    if (level >= '1' && level <= '6' && html[at + 3] == '>' &&
        next_id < ids.size()) {
      out.append(html, pos, at - pos);
      out += "<h";
      out += level;
      out += " id=\"" + ids[next_id++] + "\">";
      pos = at + 4;
    } else {
      out.append(html, pos, at + 2 - pos);
      pos = at + 2;
    }
  }
  out.append(html, pos, std::string::npos);
  return out;
}

// cmark passes C0 control characters through (it replaces only NUL and
// bytes that are not UTF-8); XML 1.0 forbids them, and a feed carries this
// HTML. They become U+FFFD, as cmark does with bad bytes. So do U+FFFE and
// U+FFFF, which XML forbids too. Every HTML this file returns passes here
// last (heading ids come from the text, too).
std::string XmlSafe(std::string html) {
  std::string out;
  out.reserve(html.size());
  for (size_t i = 0; i < html.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(html[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      out += "\xEF\xBF\xBD";
    } else if (c == 0xEF && i + 2 < html.size() &&
               static_cast<unsigned char>(html[i + 1]) == 0xBF &&
               (static_cast<unsigned char>(html[i + 2]) & 0xFE) == 0xBE) {
      out += "\xEF\xBF\xBD";
      i += 2;
    } else {
      out += html[i];
    }
  }
  return out;
}

std::string RenderNode(cmark_node* node) {
  char* html = cmark_render_html(node, kCmarkOptions);
  std::string out(html);
  free(html);
  return out;
}

}  // namespace

bool IsMediaPath(const std::string& path) {
  static const std::set<std::string> kMedia = {
      // images
      "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", "bmp", "tiff",
      // video
      "mp4", "webm", "ogv", "mov",
      // audio
      "mp3", "ogg", "oga", "wav", "m4a", "flac",
      // documents, archives, data
      "pdf", "zip", "tar", "gz", "tgz", "csv", "txt", "json"};
  if (path.empty()) return false;
  size_t start = 0;
  for (;;) {  // no component may start with '.' (dotfiles, "..")
    if (path[start] == '.') return false;
    size_t slash = path.find('/', start);
    if (slash == std::string::npos || slash + 1 >= path.size()) break;
    start = slash + 1;
  }
  const std::string name = path.substr(path.rfind('/') + 1);
  size_t dot = name.rfind('.');
  if (dot == std::string::npos) return false;
  std::string ext = name.substr(dot + 1);
  for (char& c : ext)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kMedia.count(ext) > 0;
}

RenderedMarkdown RenderMarkdown(std::string_view markdown,
                                const MarkdownOptions& options) {
  RenderedMarkdown result;
  NodePtr doc(
      cmark_parse_document(markdown.data(), markdown.size(), kCmarkOptions));
  std::vector<std::string> ids;
  Prepare(doc.get(), options, &ids,
          {&result.assets, &result.asset_lines, &result.not_media});
  result.html = XmlSafe(AddHeadingIds(RenderNode(doc.get()), ids));
  return result;
}

namespace {

// The line of a top-level HTML block that is the more marker, or 0. Only
// the tree knows: the same text inside a code block is not a marker.
int MoreMarkerLine(cmark_node* doc) {
  for (cmark_node* n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
    if (cmark_node_get_type(n) != CMARK_NODE_HTML_BLOCK) continue;
    std::string text =
        cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
    while (!text.empty() &&
           std::isspace(static_cast<unsigned char>(text.back())))
      text.pop_back();
    size_t start = text.find_first_not_of(" \t");
    text = start == std::string::npos ? "" : text.substr(start);
    if (text == "<!--more-->" || text == "<!-- more -->")
      return cmark_node_get_start_line(n);
  }
  return 0;
}

// The first `line - 1` lines of md.
std::string_view LinesBefore(std::string_view md, int line) {
  size_t pos = 0;
  for (int i = 1; i < line && pos < md.size(); ++i) {
    size_t end = md.find('\n', pos);
    pos = end == std::string_view::npos ? md.size() : end + 1;
  }
  return md.substr(0, pos);
}

}  // namespace

bool SplitAtMore(std::string_view md, std::string_view* before) {
  NodePtr doc(cmark_parse_document(md.data(), md.size(), kCmarkOptions));
  int line = MoreMarkerLine(doc.get());
  if (line == 0) return false;
  *before = LinesBefore(md, line);
  return true;
}

RenderedMarkdown RenderExcerpt(std::string_view body, std::string_view summary,
                               const MarkdownOptions& options) {
  if (!summary.empty()) return RenderMarkdown(summary, options);
  std::string_view before;
  if (SplitAtMore(body, &before)) return RenderMarkdown(before, options);
  RenderedMarkdown result;
  NodePtr doc(cmark_parse_document(body.data(), body.size(), kCmarkOptions));
  std::vector<std::string> ids;
  Prepare(doc.get(), options, &ids,
          {&result.assets, &result.asset_lines, &result.not_media});
  for (cmark_node* n = cmark_node_first_child(doc.get()); n;
       n = cmark_node_next(n)) {
    if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
      result.html = XmlSafe(RenderNode(n));
      break;
    }
  }
  return result;
}

RenderedPost RenderPost(std::string_view body, std::string_view summary,
                        const MarkdownOptions& options) {
  RenderedPost result;
  NodePtr doc(cmark_parse_document(body.data(), body.size(), kCmarkOptions));
  int more_line = summary.empty() ? MoreMarkerLine(doc.get()) : 0;
  std::vector<std::string> ids;
  Prepare(doc.get(), options, &ids,
          {&result.assets, &result.asset_lines, &result.not_media});
  result.body_html = XmlSafe(AddHeadingIds(RenderNode(doc.get()), ids));
  if (!summary.empty() || more_line > 0) {
    RenderedMarkdown excerpt = RenderMarkdown(
        summary.empty() ? LinesBefore(body, more_line) : summary, options);
    result.excerpt_html = std::move(excerpt.html);
    for (auto& a : excerpt.assets) result.assets.push_back(std::move(a));
    // A summary is not in the body; its lines are not body lines, but a
    // reference only there still needs some line. (The excerpt before
    // <!--more--> is the body's own text: same lines.)
    for (const auto& [asset, line] : excerpt.asset_lines) {
      result.asset_lines.emplace(asset, summary.empty() ? line : 0);
    }
    for (const auto& [url, line] : excerpt.not_media) {
      result.not_media.emplace(url, summary.empty() ? line : 0);
    }
  } else {
    for (cmark_node* n = cmark_node_first_child(doc.get()); n;
         n = cmark_node_next(n)) {
      if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
        result.excerpt_html = XmlSafe(RenderNode(n));
        break;
      }
    }
  }
  std::sort(result.assets.begin(), result.assets.end());
  result.assets.erase(std::unique(result.assets.begin(), result.assets.end()),
                      result.assets.end());
  return result;
}

}  // namespace levelpress
