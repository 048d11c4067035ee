// PageMeta: what a page's <head> tells other software about it: search
// engines (description, canonical URL, robots), link previews (Open Graph
// and Twitter card tags) and structured-data readers (JSON-LD). Built once
// per render from what the page has already read from the store; no store
// reads of its own. Pure functions: thread-safe.
#pragma once

#include <ctemplate/template.h>

#include <string>
#include <string_view>

#include "pages.h"

namespace levelpress {

// An image for link previews: an absolute URL, and its size in pixels when
// known (0 otherwise).
struct PreviewImage {
  std::string url;
  int width = 0, height = 0;
};

// Sets the head's meta values of page.tpl (called by StartPage): og:*,
// twitter:*, article:* and the JSON-LD script, from chrome.
void FillPageMeta(const PageContext& ctx, const Chrome& chrome,
                  ctemplate::TemplateDictionary* page);

// The image of a post or page's preview: its cover (`image:`), else the
// first image of its body, else the setting default_image; url "" if none.
PreviewImage ImageOf(const PageContext& ctx, const Post* post);

// The first <img> of stored HTML (rendered by the import): its src made
// absolute against base_url, and its width/height attributes.
PreviewImage FirstImage(const Urls& urls, std::string_view html);

// `s` as a JSON string literal, quotes included, that is also safe inside
// an HTML <script> element: '<', '>' and '&' are \u escapes (so
// "</script>" cannot end the element), as are U+2028/U+2029 and control
// characters; invalid UTF-8 becomes U+FFFD.
std::string JsonScriptString(std::string_view s);
void AppendJsonScriptString(std::string_view s, std::string* out);

// Plain text cut at a word near the length search engines show (~160
// characters), with " …" when cut.
std::string ShortDescription(const std::string& text);

}  // namespace levelpress
