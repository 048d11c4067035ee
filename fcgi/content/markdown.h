// Markdown: CommonMark to HTML with cmark, done once when a post is stored.
// Safe: raw HTML is dropped and dangerous URLs (javascript:, ...) are
// emptied. Smart punctuation. Headings get stable, unique `id`s. Relative
// URLs are rewritten so the HTML works on every page that shows it (post,
// listings, feeds): "#x" -> page_url + "#x", "img.png" -> asset_base_url +
// the path resolved against the post's folder. The HTML is valid UTF-8 with
// no character XML forbids (cmark turns bad bytes into U+FFFD; so do we with
// control characters), so feeds can carry it. Thread-safe (no shared state).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace levelpress {

struct MarkdownOptions {
  std::string page_url;  // the page this text belongs to, e.g. /2023/09/27/x/
  std::string asset_base_url;  // URL of the content folder in the media dir
  std::string
      source_dir;  // folder of the source, relative to the content folder
};

// Where each asset is first referred to: its line in the Markdown.
using AssetLines = std::map<std::string, int>;

struct RenderedMarkdown {
  std::string html;
  // Relative references, resolved against source_dir (content-relative,
  // lexically normal); the importer copies them and warns if missing.
  std::vector<std::string> assets;
  AssetLines asset_lines;
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
};

// Body and excerpt together, parsing the body once (the import's hot path).
RenderedPost RenderPost(std::string_view body_markdown,
                        std::string_view summary,
                        const MarkdownOptions& options);

// The part of body_markdown before a `<!--more-->` line, if it has one.
bool SplitAtMore(std::string_view body_markdown, std::string_view* before);

}  // namespace levelpress
