#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "cmark_special_chars.h"
#include "highlight.h"
#include "image_variants.h"
#include "mutex.h"
#include "slug.h"

namespace levelpress {
namespace {

// Parsing takes SMART and FOOTNOTES; rendering is UNSAFE because raw HTML
// has been dealt with in the tree (kept, escaped or dropped) by then, and
// dangerous link URLs are emptied by Prepare (cmark's safe mode would
// drop kept HTML).
constexpr int kParseOptions =
    CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES;
constexpr int kRenderOptions = kParseOptions | CMARK_OPT_UNSAFE;

struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterDeleter {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};
struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;
using IterPtr = std::unique_ptr<cmark_iter, IterDeleter>;
using ParserPtr = std::unique_ptr<cmark_parser, ParserDeleter>;

// The GFM extensions, registered once (cmark-gfm's registry is global).
cmark_llist* Extensions() {
  static cmark_llist* list = [] {
    cmark_gfm_core_extensions_ensure_registered();
    cmark_llist* l = nullptr;
    for (const char* name : {"table", "strikethrough", "autolink", "tasklist"})
      l = cmark_llist_append(cmark_get_default_mem_allocator(), l,
                             cmark_find_syntax_extension(name));
    return l;
  }();
  return list;
}

// Parses take turns only when cmark-gfm's table of special characters
// cannot be fixed (cmark_special_chars.h): then a parse ending on one
// thread would take '~' from a parse on another, which then missed a
// strikethrough (it did: 2 in 15 runs of import_test).
Mutex& ParseMutex() {
  static Mutex mu;
  return mu;
}

NodePtr ParseWithExtensions(std::string_view md) {
  ParserPtr parser(cmark_parser_new(kParseOptions));
  for (cmark_llist* e = Extensions(); e; e = e->next) {
    cmark_parser_attach_syntax_extension(
        parser.get(), static_cast<cmark_syntax_extension*>(e->data));
  }
  cmark_parser_feed(parser.get(), md.data(), md.size());
  return NodePtr(cmark_parser_finish(parser.get()));
}

// Whether parses may run in parallel (decided once, by one parse that sets
// up the table with every extension's characters).
bool ParallelParsing() {
  static const bool parallel = EnableParallelInlineParsing(
      [] { ParseWithExtensions("~~a~~ www.example.com *b* _c_"); });
  return parallel;
}

// A parsed document (GFM); the tree lives on after the parser is freed.
NodePtr Parse(std::string_view md) {
  if (ParallelParsing()) return ParseWithExtensions(md);
  MutexLock lock(&ParseMutex());
  return ParseWithExtensions(md);
}

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

// Whether cmark's safe mode would empty this URL: javascript:, vbscript:,
// file:, and data: other than a few image types. (Rendering is UNSAFE so
// that kept raw HTML passes; links and images are checked here instead.)
bool IsDangerousUrl(std::string_view url) {
  std::string lower;
  for (char c : url.substr(0, 32)) {
    if (static_cast<unsigned char>(c) <= 0x20) continue;  // browsers skip
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  auto starts = [&](const char* p) { return lower.rfind(p, 0) == 0; };
  if (starts("data:")) {
    return !(starts("data:image/png") || starts("data:image/gif") ||
             starts("data:image/jpeg") || starts("data:image/webp"));
  }
  return starts("javascript:") || starts("vbscript:") || starts("file:");
}

// What Prepare collects besides the HTML.
struct Found {
  std::vector<std::string>* assets;
  AssetLines* asset_lines;
  AssetLines* not_media;
  std::vector<RawHtmlNote>* raw_html;
  // When set, the first <!--more--> marker at the top level stays in the
  // document and is given here (nullptr if there is none).
  cmark_node** more_marker = nullptr;
};

std::string RewriteUrl(std::string_view url, int line,
                       const MarkdownOptions& options, const Found& found) {
  if (IsDangerousUrl(url)) return "";
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
  // Outside the content folder, not a file name (an HTML post's src may
  // decode to a NUL byte, which a file system call would cut the path
  // at), or not a media file: left as written.
  if (resolved.rfind("..", 0) == 0 ||
      resolved.find('\0') != std::string::npos || !IsMediaPath(resolved)) {
    found.not_media->emplace(std::string(url), line);
    return std::string(url);
  }
  found.assets->push_back(resolved);
  found.asset_lines->emplace(resolved, line);  // keeps the first line
  return options.asset_base_url + resolved + rest;
}

}  // namespace

std::string RewriteContentUrl(std::string_view url, int line,
                              const MarkdownOptions& options,
                              RenderedMarkdown* out) {
  Found found{&out->assets, &out->asset_lines, &out->not_media, &out->raw_html};
  return RewriteUrl(url, line, options, found);
}

namespace {

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

std::string Trimmed(const char* literal) {
  std::string text = literal ? literal : "";
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(start, end - start + 1);
}

bool IsMoreMarker(cmark_node* n) {
  if (cmark_node_get_type(n) != CMARK_NODE_HTML_BLOCK) return false;
  std::string text = Trimmed(cmark_node_get_literal(n));
  return text == "<!--more-->" || text == "<!-- more -->";
}

// The opening tag of raw HTML for a message: up to the first '>', on one
// line, at most ~60 bytes (cut on a character boundary); "" for a closing
// tag, which goes with its opening one.
std::string TagOf(const char* literal) {
  std::string text = Trimmed(literal);
  if (text.rfind("</", 0) == 0) return "";
  size_t gt = text.find('>');
  bool cut = false;
  if (gt != std::string::npos) text.resize(gt + 1);
  if (text.size() > 60) {
    size_t at = 56;
    while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
      --at;
    text.resize(at);
    cut = true;
  }
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return cut ? text + "...>" : text;
}

// The HTML of one node and its children.
std::string RenderNode(cmark_node* node) {
  char* html = cmark_render_html(node, kRenderOptions, Extensions());
  std::string out(html);
  free(html);
  return out;
}

// A heading rendered with its id, as a raw HTML block: ids go on the
// heading itself, never on raw HTML that happens to be an <hN>.
void GiveId(cmark_node* heading, const std::string& id) {
  std::string html = RenderNode(heading);  // "<h2>...</h2>\n"
  if (html.size() > 3 && html.compare(0, 2, "<h") == 0 && html[3] == '>') {
    html.insert(3, " id=\"" + id + "\"");
  }
  cmark_node* block = cmark_node_new(CMARK_NODE_HTML_BLOCK);
  cmark_node_set_literal(block, html.c_str());
  cmark_node_replace(heading, block);
  cmark_node_free(heading);
}

// A fenced block with an info string, highlighted (or plain, for an
// unknown language) as a raw HTML block.
void HighlightCodeBlock(cmark_node* block, const std::string& highlight_dir) {
  const char* literal = cmark_node_get_literal(block);
  std::string html =
      HighlightedCodeBlock(ParseInfoString(cmark_node_get_fence_info(block)),
                           literal ? literal : "", highlight_dir);
  if (html.empty() || html.back() != '\n') html += '\n';
  cmark_node* replacement = cmark_node_new(CMARK_NODE_HTML_BLOCK);
  cmark_node_set_literal(replacement, html.c_str());
  cmark_node_replace(block, replacement);
  cmark_node_free(block);
}

// Raw HTML as text: an inline becomes a text node; a block a paragraph of
// its text (line breaks kept as soft breaks).
void Escape(cmark_node* n) {
  std::string text = cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
  cmark_node* replacement;
  if (cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE) {
    replacement = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(replacement, text.c_str());
  } else {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
      text.pop_back();
    replacement = cmark_node_new(CMARK_NODE_PARAGRAPH);
    size_t pos = 0;
    while (pos <= text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      if (pos > 0) {
        cmark_node_append_child(replacement,
                                cmark_node_new(CMARK_NODE_SOFTBREAK));
      }
      cmark_node* t = cmark_node_new(CMARK_NODE_TEXT);
      cmark_node_set_literal(t, text.substr(pos, end - pos).c_str());
      cmark_node_append_child(replacement, t);
      pos = end + 1;
    }
  }
  cmark_node_replace(n, replacement);
  cmark_node_free(n);
}

// Deals with raw HTML (options.raw_html; the more marker always goes),
// rewrites URLs, gives headings their unique ids, and wraps tables so they
// scroll sideways in a narrow column.
void Prepare(cmark_node* root, const MarkdownOptions& options,
             const Found& found) {
  std::vector<cmark_node*> raw, marker, headings, tables, code;
  IterPtr iter(cmark_iter_new(root));
  cmark_event_type ev;
  while ((ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* n = cmark_iter_get_node(iter.get());
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_HTML_INLINE:
        (IsMoreMarker(n) ? marker : raw).push_back(n);
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE: {
        const char* url = cmark_node_get_url(n);
        std::string rewritten = RewriteUrl(
            url ? url : "", cmark_node_get_start_line(n), options, found);
        cmark_node_set_url(n, rewritten.c_str());
        break;
      }
      case CMARK_NODE_HEADING:
        headings.push_back(n);
        break;
      case CMARK_NODE_CODE_BLOCK:
        if (const char* info = cmark_node_get_fence_info(n); info && *info)
          code.push_back(n);
        break;
      default:
        if (std::strcmp(cmark_node_get_type_string(n), "table") == 0)
          tables.push_back(n);
        break;
    }
  }
  iter.reset();
  for (cmark_node* n : marker) {
    if (found.more_marker && !*found.more_marker &&
        cmark_node_parent(n) == root) {
      *found.more_marker = n;
      continue;
    }
    cmark_node_unlink(n);
    cmark_node_free(n);
  }
  if (options.raw_html != RawHtml::kKeep) {
    for (cmark_node* n : raw) {
      if (std::string tag = TagOf(cmark_node_get_literal(n)); !tag.empty())
        found.raw_html->push_back({cmark_node_get_start_line(n), tag});
      if (options.raw_html == RawHtml::kEscape) {
        Escape(n);
      } else {
        cmark_node_unlink(n);
        cmark_node_free(n);
      }
    }
  }
  // Ids in document order; the iterator visits headings in that order.
  std::set<std::string> used_ids;
  std::map<std::string, int> next_suffix;  // keeps many equal headings linear
  for (cmark_node* n : headings) {
    std::string base = Slugify(HeadingText(n));
    if (base.empty()) base = "section";
    std::string id = base;
    while (used_ids.count(id))
      id = base + "-" + std::to_string(++next_suffix[base]);
    used_ids.insert(id);
    GiveId(n, id);
  }
  // After the raw HTML pass: the highlighted blocks are ours, not raw.
  for (cmark_node* n : code) HighlightCodeBlock(n, options.highlight_dir);
  for (cmark_node* n : tables) {
    cmark_node* open = cmark_node_new(CMARK_NODE_HTML_BLOCK);
    cmark_node_set_literal(open, "<div class=\"table-scroll\">\n");
    cmark_node* close = cmark_node_new(CMARK_NODE_HTML_BLOCK);
    cmark_node_set_literal(close, "</div>\n");
    cmark_node_insert_before(n, open);
    cmark_node_insert_after(n, close);
  }
}

// cmark-gfm names footnotes "fn-LABEL" and their references "fnref-LABEL";
// on a listing page two posts would share them. Each gets the post's
// prefix, and links to them the page's URL, as other "#x" links do.
std::string PrefixFootnotes(const std::string& html,
                            const MarkdownOptions& options) {
  if (html.find("data-footnote") == std::string::npos) return html;
  static const std::pair<const char*, bool> kPatterns[] = {
      {"href=\"#fn-", true},
      {"href=\"#fnref-", true},
      {"id=\"fn-", false},
      {"id=\"fnref-", false}};
  std::string out;
  out.reserve(html.size() + 256);
  size_t pos = 0;
  while (pos < html.size()) {
    size_t best = std::string::npos;
    const char* which = nullptr;
    bool is_href = false;
    for (const auto& [pattern, href] : kPatterns) {
      size_t at = html.find(pattern, pos);
      if (at < best) best = at, which = pattern, is_href = href;
    }
    if (best == std::string::npos) break;
    size_t hash = is_href ? best + 6 : best + 4;  // after href=" or id="
    out.append(html, pos, hash - pos);
    if (is_href) out += options.page_url + "#";
    out += options.id_prefix;
    pos = hash + (is_href ? 1 : 0);
    (void)which;
  }
  out.append(html, pos, std::string::npos);
  return out;
}

// The length of the valid UTF-8 sequence at s[i], or 0 if there is none
// (a stray or missing continuation byte, an overlong form, a surrogate,
// or a code point past U+10FFFF).
size_t Utf8Length(const std::string& s, size_t i) {
  const auto byte = [&](size_t k) {
    return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u;
  };
  const unsigned c = byte(i);
  if (c < 0x80) return 1;
  size_t n;
  unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// cmark passes C0 control characters through (it replaces only NUL and
// bytes that are not UTF-8); XML 1.0 forbids them, and a feed carries this
// HTML. They become U+FFFD, as cmark does with bad bytes. So do U+FFFE and
// U+FFFF, which XML forbids too, and any byte that is not UTF-8 after all
// (the import fuzzer found raw bytes reaching the HTML through GFM
// footnotes). Every HTML this file returns passes here last (heading ids
// come from the text, too).
//
// Nearly every page is clean, so it is first only checked (printable ASCII
// a run at a time) and returned as it is; a copy is made from the first
// character that must change.
std::string XmlSafe(std::string html) {
  // The length of the allowed character at i, or 0 if it must change.
  auto allowed = [&html](size_t i) -> size_t {
    unsigned char c = static_cast<unsigned char>(html[i]);
    if (c >= 0x20 && c < 0x80) return 1;
    size_t n = Utf8Length(html, i);
    if (n == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
        (n == 3 && c == 0xEF &&
         static_cast<unsigned char>(html[i + 1]) == 0xBF &&
         (static_cast<unsigned char>(html[i + 2]) & 0xFE) == 0xBE)) {
      return 0;
    }
    return n;
  };
  size_t clean = 0;
  while (clean < html.size()) {
    size_t n = allowed(clean);
    if (n == 0) break;
    clean += n;
  }
  if (clean == html.size()) return html;
  std::string out(html, 0, clean);
  out.reserve(html.size() + 16);
  for (size_t i = clean; i < html.size();) {
    size_t n = allowed(i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      size_t len = Utf8Length(html, i);
      i += len == 0 ? 1 : len;
    } else {
      out.append(html, i, n);
      i += n;
    }
  }
  return out;
}

// The HTML this file returns for a prepared node.
std::string Finish(cmark_node* node, const MarkdownOptions& options) {
  return XmlSafe(PrefixFootnotes(RenderNode(node), options));
}

// ---------------------------------------------------------------- images
//
// After Prepare, every Markdown image (raw HTML <img> is left as written)
// becomes our own markup: its size, its smaller copies and lazy loading,
// and a figure when it has a title and a paragraph of its own.

// The column an image fills (templates/theme/style.css: .wrap is 70ch
// wide plus 1.25rem padding on each side, at 18px about 700px): the whole
// width of a narrow screen less the padding, else the column.
constexpr char kSizes[] = "(max-width: 740px) calc(100vw - 2.5rem), 700px";

std::string EscapeHtml(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A URL as a srcset candidate: spaces and commas would split it, so they
// (and what HTML or URLs forbid) are percent-encoded.
std::string SrcsetUrl(std::string_view url) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : url) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || std::strchr("-._~/:@!$()*+;=%?#", c)) {
      out += ch;
    } else if (c == '&') {
      out += "&amp;";
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// "url-640w.png 640w, ..., url.png 2400w" of one format.
std::string Srcset(const std::vector<ImageVariant>& variants,
                   ImageFormat format, const MarkdownOptions& options,
                   const std::string& original, int width) {
  std::string out;
  for (const auto& v : variants) {
    if (v.format != format) continue;
    if (!out.empty()) out += ", ";
    out += SrcsetUrl(options.asset_base_url + v.path) + " " +
           std::to_string(v.width) + "w";
  }
  if (!original.empty()) {
    out += ", " + SrcsetUrl(original) + " " + std::to_string(width) + "w";
  }
  return out;
}

// The content-relative path of an image the import copies (a URL that
// RewriteUrl made of one of `assets`), or "".
std::string AssetOf(const std::string& url, const MarkdownOptions& options,
                    const std::vector<std::string>& assets) {
  const std::string& base = options.asset_base_url;
  if (base.empty() || url.compare(0, base.size(), base) != 0) return "";
  const std::string rest = url.substr(base.size());
  const std::string path = rest.substr(0, rest.find_first_of("?#"));
  return std::find(assets.begin(), assets.end(), path) != assets.end() ? path
                                                                       : "";
}

// One image's markup: cmark's <img src alt title> with its size, srcset
// and loading, in a <picture> when it has WebP copies.
std::string ImageHtml(cmark_node* image, const MarkdownOptions& options,
                      const std::vector<std::string>& assets, bool lazy) {
  std::string img = RenderNode(image);  // <img src="..." alt="..." />
  if (img.size() < 3 || img.compare(img.size() - 3, 3, " />") != 0) return img;
  img.resize(img.size() - 3);
  const char* url_c = cmark_node_get_url(image);
  const std::string url = url_c ? url_c : "";
  const std::string asset = AssetOf(url, options, assets);
  std::optional<ImageInfo> info;
  if (!asset.empty() && options.images) info = options.images(asset);
  std::vector<ImageVariant> variants;
  if (info) {
    img += " width=\"" + std::to_string(info->size.width) + "\" height=\"" +
           std::to_string(info->size.height) + "\"";
    if (info->variants) {
      variants = ImageVariants(asset, info->format, info->size, info->animated);
    }
  }
  std::string webp;
  if (!variants.empty()) {
    img += " srcset=\"" +
           Srcset(variants, info->format, options, url, info->size.width) +
           "\" sizes=\"" + kSizes + "\"";
    if (info->format != ImageFormat::kWebp) {
      webp = Srcset(variants, ImageFormat::kWebp, options, "", 0);
    }
  }
  if (lazy) img += " loading=\"lazy\" decoding=\"async\"";
  img += " />";
  if (webp.empty()) return img;
  return "<picture><source type=\"image/webp\" srcset=\"" + webp +
         "\" sizes=\"" + kSizes + "\" />" + img + "</picture>";
}

// Whether an image is its paragraph's only content and has a title: a
// figure with that caption.
bool IsFigure(cmark_node* image) {
  cmark_node* parent = cmark_node_parent(image);
  const char* title = cmark_node_get_title(image);
  return parent && cmark_node_get_type(parent) == CMARK_NODE_PARAGRAPH &&
         cmark_node_first_child(parent) == image &&
         cmark_node_last_child(parent) == image && title && *title;
}

// The first image of a text, for an excerpt made of the same tree.
struct FirstImage {
  cmark_node* node = nullptr;  // its raw HTML node, or null
  std::string lazy_html;       // that node's markup with lazy loading
};

// What replaces an image: its markup, in a figure if it is one.
std::string Markup(cmark_node* image, const MarkdownOptions& options,
                   const std::vector<std::string>& assets, bool lazy) {
  std::string html = ImageHtml(image, options, assets, lazy);
  if (!IsFigure(image)) return html;
  return "<figure>" + html + "<figcaption>" +
         EscapeHtml(cmark_node_get_title(image)) + "</figcaption></figure>\n";
}

// Gives every image of a prepared tree its markup; every one loads lazily
// but the first if eager_first (a post's first image is likely on screen).
FirstImage DressImages(cmark_node* root, const MarkdownOptions& options,
                       const std::vector<std::string>& assets,
                       bool eager_first) {
  std::vector<cmark_node*> images;
  {
    IterPtr iter(cmark_iter_new(root));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
      cmark_node* n = cmark_iter_get_node(iter.get());
      if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_IMAGE)
        images.push_back(n);
    }
  }
  FirstImage first;
  for (size_t i = 0; i < images.size(); ++i) {
    cmark_node* image = images[i];
    const bool lazy = !(eager_first && i == 0);
    const bool figure = IsFigure(image);  // replaces its paragraph
    cmark_node* old = figure ? cmark_node_parent(image) : image;
    cmark_node* node =
        cmark_node_new(figure ? CMARK_NODE_HTML_BLOCK : CMARK_NODE_HTML_INLINE);
    cmark_node_set_literal(node, Markup(image, options, assets, lazy).c_str());
    if (i == 0) {
      first.node = node;
      if (!lazy) first.lazy_html = Markup(image, options, assets, true);
    }
    cmark_node_replace(old, node);
    cmark_node_free(old);
  }
  return first;
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

namespace {

// A whole text; its first image loads eagerly if eager_first (a body; an
// excerpt's all load lazily).
RenderedMarkdown Render(std::string_view markdown,
                        const MarkdownOptions& options, bool eager_first) {
  RenderedMarkdown result;
  NodePtr doc = Parse(markdown);
  Prepare(doc.get(), options,
          {&result.assets, &result.asset_lines, &result.not_media,
           &result.raw_html});
  DressImages(doc.get(), options, result.assets, eager_first);
  result.html = Finish(doc.get(), options);
  return result;
}

}  // namespace

RenderedMarkdown RenderMarkdown(std::string_view markdown,
                                const MarkdownOptions& options) {
  return Render(markdown, options, /*eager_first=*/true);
}

namespace {

// The line of a top-level HTML block that is the more marker, or 0. Only
// the tree knows: the same text inside a code block is not a marker.
int MoreMarkerLine(cmark_node* doc) {
  for (cmark_node* n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
    if (IsMoreMarker(n)) return cmark_node_get_start_line(n);
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

// The first paragraph of a prepared document, or "".
std::string FirstParagraph(cmark_node* doc, const MarkdownOptions& options) {
  for (cmark_node* n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
    if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH)
      return Finish(n, options);
  }
  return "";
}

// The HTML of the top-level blocks before `more`, one of them.
std::string BlocksBefore(cmark_node* doc, cmark_node* more,
                         const MarkdownOptions& options) {
  std::string html;
  for (cmark_node* n = cmark_node_first_child(doc); n != more;
       n = cmark_node_next(n)) {
    html += Finish(n, options);
  }
  return html;
}

}  // namespace

bool SplitAtMore(std::string_view md, std::string_view* before) {
  NodePtr doc = Parse(md);
  int line = MoreMarkerLine(doc.get());
  if (line == 0) return false;
  *before = LinesBefore(md, line);
  return true;
}

RenderedMarkdown RenderExcerpt(std::string_view body, std::string_view summary,
                               const MarkdownOptions& options) {
  if (!summary.empty()) return Render(summary, options, /*eager_first=*/false);
  RenderedMarkdown result;
  NodePtr doc = Parse(body);
  cmark_node* more = nullptr;
  Prepare(doc.get(), options,
          {&result.assets, &result.asset_lines, &result.not_media,
           &result.raw_html, &more});
  DressImages(doc.get(), options, result.assets, /*eager_first=*/false);
  result.html = more ? BlocksBefore(doc.get(), more, options)
                     : FirstParagraph(doc.get(), options);
  return result;
}

RenderedPost RenderPost(std::string_view body, std::string_view summary,
                        const MarkdownOptions& options) {
  RenderedPost result;
  NodePtr doc = Parse(body);
  cmark_node* more = nullptr;
  Prepare(doc.get(), options,
          {&result.assets, &result.asset_lines, &result.not_media,
           &result.raw_html, summary.empty() ? &more : nullptr});
  FirstImage first =
      DressImages(doc.get(), options, result.assets, /*eager_first=*/true);
  if (summary.empty()) {
    // The excerpt is the body's own blocks (above the marker, else the
    // first paragraph), from the same parse: a footnote reference there
    // links to the post's note (parsed alone it would show "[^1]"). It is
    // shown on listings among others: its images all load lazily.
    std::string eager_html;
    if (first.node && !first.lazy_html.empty()) {
      eager_html = cmark_node_get_literal(first.node);
      cmark_node_set_literal(first.node, first.lazy_html.c_str());
    }
    result.excerpt_html = more ? BlocksBefore(doc.get(), more, options)
                               : FirstParagraph(doc.get(), options);
    if (!eager_html.empty())
      cmark_node_set_literal(first.node, eager_html.c_str());
    if (more) {
      cmark_node_unlink(more);
      cmark_node_free(more);
    }
  }
  result.body_html = Finish(doc.get(), options);
  if (!summary.empty()) {
    RenderedMarkdown excerpt = Render(summary, options, /*eager_first=*/false);
    result.excerpt_html = std::move(excerpt.html);
    for (auto& a : excerpt.assets) result.assets.push_back(std::move(a));
    // A summary is not in the body; its lines are not body lines, but a
    // reference only there still needs some line.
    for (const auto& [asset, line] : excerpt.asset_lines) {
      result.asset_lines.emplace(asset, 0);
    }
    for (const auto& [url, line] : excerpt.not_media) {
      result.not_media.emplace(url, 0);
    }
    for (auto& note : excerpt.raw_html) {
      result.raw_html.push_back({0, std::move(note.tag)});
    }
  }
  std::sort(result.assets.begin(), result.assets.end());
  result.assets.erase(std::unique(result.assets.begin(), result.assets.end()),
                      result.assets.end());
  return result;
}

std::string SmartText(std::string_view text) {
  // Quotes, dashes and ellipses are what smart punctuation changes; every
  // other ASCII punctuation character is backslash-escaped, so it stays
  // literal (no emphasis, links, HTML or entities). What could still start
  // a block (a list item "- x" or "1. x", a rule "---", an indented code
  // block) is kept out: the leading spaces are put back afterwards, and a
  // leading '-' or a '.' after leading digits is escaped too.
  size_t lead = text.find_first_not_of(" \t");
  if (lead == std::string_view::npos) return std::string(text);
  size_t trail = text.find_last_not_of(" \t") + 1;
  std::string_view core = text.substr(lead, trail - lead);
  size_t digits = 0;
  while (digits < core.size() &&
         std::isdigit(static_cast<unsigned char>(core[digits])))
    ++digits;
  std::string md;
  md.reserve(core.size() + 16);
  for (size_t i = 0; i < core.size(); ++i) {
    char c = core[i];
    bool keep = c == '\'' || c == '"' || (c == '-' && i > 0) ||
                (c == '.' && !(digits > 0 && i == digits));
    if (c == '\n' || c == '\r') {
      md += ' ';
    } else if (std::ispunct(static_cast<unsigned char>(c)) && !keep) {
      md += '\\';
      md += c;
    } else {
      md += c;
    }
  }
  NodePtr doc;
  if (ParallelParsing()) {
    doc.reset(cmark_parse_document(md.data(), md.size(), kParseOptions));
  } else {
    MutexLock lock(&ParseMutex());  // see ParseMutex
    doc.reset(cmark_parse_document(md.data(), md.size(), kParseOptions));
  }
  std::string out(text.substr(0, lead));
  IterPtr iter(cmark_iter_new(doc.get()));
  cmark_event_type ev;
  while ((ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(iter.get());
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node_type type = cmark_node_get_type(n);
    if (type == CMARK_NODE_TEXT) {
      if (const char* lit = cmark_node_get_literal(n)) out += lit;
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      out += ' ';
    }
  }
  out += text.substr(trail);
  return out;
}

bool MarkdownParsesInParallel() { return ParallelParsing(); }

}  // namespace levelpress
