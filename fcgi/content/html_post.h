// HTML posts: a post or page file `*.html` with YAML front matter whose
// body is HTML, kept as written (what `levelpress convert` writes for
// WordPress and Ghost, where Markdown would lose markup). Only the URLs of
// src, href and poster attributes change, by the rule of Markdown links
// (relative media files are published), and the <!--more--> marker is
// removed. Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "markdown.h"

namespace levelpress {

// Whether a content-relative path is an HTML post file (*.html).
bool IsHtmlPostPath(std::string_view relative_path);

// Body and excerpt of an HTML post. The excerpt is `summary` (Markdown),
// else the HTML before `<!--more-->`, else the first <p> element.
// options.raw_html is the caller's to check: the body is kept whole.
RenderedPost RenderHtmlPost(std::string_view body_html,
                            std::string_view summary,
                            const MarkdownOptions& options);

}  // namespace levelpress
