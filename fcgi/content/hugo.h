// Hugo: the shortcodes in a post's Markdown, converted where LevelPress has
// the same thing (docs/migration.md): {{< highlight LANG "OPTIONS" >}} ...
// {{< /highlight >}} becomes a fenced code block with the options the
// highlighter takes, {{< figure src=... >}} an image with its caption,
// {{< ref "x" >}} and {{< relref "x" >}} a placeholder for the post's URL
// (a PostRef, see jekyll.h). Any other shortcode is kept as written, with
// a FILE:LINE warning; {{</* x */>}} is Hugo's way to show one as text.
// Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "jekyll.h"
#include "problem.h"

namespace levelpress {

// Whether a content-relative path is a post of a Hugo site (content/...).
bool IsHugoPath(const std::string& relative_path);

// The URL Hugo served a post at: `permalink` (Hugo's [permalinks] pattern;
// "" = Hugo's default, the path below content/ with the slug as the last
// segment) expanded. "" when it holds a placeholder LevelPress does not
// know (then *unknown names it).
struct HugoPostInfo {
  std::string relative_path;  // content/posts/x.md, content/posts/b/index.md
  std::string content_dir = "content";  // the site's contentDir
  // The default language: x.en.md and b/index.en.md are x and b.
  std::string language;
  bool lower_case = true;  // Hugo's paths are, unless disablePathToLower
  std::string slug;        // `slug:` as written, "" if none
  std::string title;
  int year = 0, month = 0, day = 0, year_day = 0;
};
std::string HugoPostUrl(const std::string& permalink, const HugoPostInfo& post,
                        std::string* unknown);

std::string ConvertShortcodes(std::string_view markdown,
                              const std::string& file, int first_line,
                              std::vector<PostRef>* refs,
                              std::vector<Problem>* problems);

}  // namespace levelpress
