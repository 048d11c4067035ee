// Markdown: GitHub Flavored Markdown to HTML with cmark-gfm, done once when
// a post is stored: tables, strikethrough, autolinks, task lists and
// footnotes (ids prefixed per post, so two posts on one page never
// collide). Raw HTML is kept, escaped or dropped (MarkdownOptions::raw_html;
// what is not kept is listed in raw_html so the importer warns); dangerous
// URLs of Markdown links and images (javascript:, ...) are emptied in every
// mode. Smart punctuation. Headings get stable, unique `id`s. Relative
// URLs are rewritten so the HTML works on every page that shows it (post,
// listings, feeds): "#x" -> page_url + "#x", "img.png" -> asset_base_url +
// the path resolved against the post's folder. The HTML is valid UTF-8 with
// no character XML forbids (cmark turns bad bytes into U+FFFD; so do we with
// control characters), so feeds can carry it. Only media files are assets
// (IsMediaPath): a relative link to any other file (another post's
// Markdown, a dotfile) is left as written and listed in not_media, so the
// importer warns and never publishes it. Thread-safe (no shared state;
// MarkdownOptions::images is called from every thread that renders).
//
// Images: every Markdown image (raw HTML <img> is left alone) gets the
// width and height options.images gives, and srcset and sizes naming the
// copies image_variants.h lists for it (in a <picture> with a WebP
// <source>) when the import writes them. Every image loads lazily
// (loading="lazy" decoding="async") except the first of a whole text
// (RenderMarkdown, a post's body), which is likely on screen; an excerpt's
// (RenderExcerpt, RenderPost's) all do. An image with a title and a paragraph
// of its own becomes <figure><img ...><figcaption>title</figcaption></figure>.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "image_info.h"
#include "settings.h"

namespace levelpress {

struct MarkdownOptions {
  std::string page_url;  // the page this text belongs to, e.g. /2023/09/27/x/
  std::string asset_base_url;  // URL of the content folder in the media dir
  std::string
      source_dir;  // folder of the source, relative to the content folder
  std::string id_prefix;  // before footnote ids ("slug-" gives "slug-fn-1")
  RawHtml raw_html = RawHtml::kKeep;  // what becomes of raw HTML
  std::string highlight_dir;  // Source-highlight's .lang files; "": Debian's
  // The size of an image the text shows (a content-relative path), for
  // its width, height and srcset (see "Images" below); empty: none known.
  ImageLookup images;
};

// Raw HTML that was escaped or dropped: the line of the Markdown it is on,
// and its opening tag (shortened), e.g. "<details>". Closing tags go with
// their opening tag and are not listed; the <!--more--> marker is never
// listed (it is always removed).
struct RawHtmlNote {
  int line = 0;
  std::string tag;
  bool operator==(const RawHtmlNote& o) const {
    return line == o.line && tag == o.tag;
  }
};

// Where each asset is first referred to: its line in the Markdown.
using AssetLines = std::map<std::string, int>;

// Whether a content-relative path names a media file that may be
// published: its extension is on the allow-list (images, video, audio,
// pdf, archives, csv/txt/json; any case) and no component starts with '.'.
bool IsMediaPath(const std::string& path);

struct RenderedMarkdown {
  std::string html;
  // Relative references to media files, resolved against source_dir
  // (content-relative, lexically normal); the importer copies them and
  // warns if missing.
  std::vector<std::string> assets;
  AssetLines asset_lines;
  // Relative references that are not media files, as written, with the
  // line of the first: left as written, never copied.
  AssetLines not_media;
  std::vector<RawHtmlNote> raw_html;  // not kept (escape/drop), in order
};

RenderedMarkdown RenderMarkdown(std::string_view markdown,
                                const MarkdownOptions& options);

// The excerpt of a post, valid HTML: `summary` if given; else the Markdown
// before a line `<!--more-->`; else the first paragraph.
RenderedMarkdown RenderExcerpt(std::string_view body_markdown,
                               std::string_view summary,
                               const MarkdownOptions& options);

struct RenderedPost {
  std::string body_html;
  std::string excerpt_html;
  std::vector<std::string> assets;  // of body and excerpt, sorted, unique
  AssetLines asset_lines;  // lines in the body (or summary, if only there)
  AssetLines not_media;    // as RenderedMarkdown's, lines as asset_lines'
  std::vector<RawHtmlNote> raw_html;  // of the body, then of a summary
                                      // (line 0: not a body line)
};

// Smart punctuation for plain text (a title): "Don't" -- said 'we' becomes
// “Don’t” – said ‘we’, as cmark does in a body. Everything else is kept
// as written (no Markdown, no entities); the result is plain text, to be
// HTML-escaped once by the template as before.
std::string SmartText(std::string_view text);

// Body and excerpt together, parsing the body once (the import's hot path).
RenderedPost RenderPost(std::string_view body_markdown,
                        std::string_view summary,
                        const MarkdownOptions& options);

// Whether Markdown is parsed on several threads at once (true when
// cmark-gfm is linked with the wrappers of cmark_special_chars.h; else
// parses take turns).
bool MarkdownParsesInParallel();

// The part of body_markdown before a `<!--more-->` line, if it has one.
bool SplitAtMore(std::string_view body_markdown, std::string_view* before);

// A link or image URL as the HTML shows it, by the rule of Markdown links:
// a relative path to a media file is resolved against source_dir, recorded
// in out->assets (and asset_lines) and pointed at asset_base_url; another
// relative path is recorded in out->not_media and kept; a dangerous URL
// (javascript:, ...) becomes ""; any other URL is kept. For HTML posts.
std::string RewriteContentUrl(std::string_view url, int line,
                              const MarkdownOptions& options,
                              RenderedMarkdown* out);

}  // namespace levelpress
