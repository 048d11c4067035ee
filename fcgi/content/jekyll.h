// Jekyll: what a post of a Jekyll site needs beyond LevelPress's own
// format, so that a `_posts/` folder imports as it is (docs/migration.md):
// the site's `_config.yml` (permalink, paginate_path, excerpt_separator,
// author), the Liquid tags in a post's Markdown, and the URL Jekyll gave a
// post (its permalink), which becomes an alias. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "problem.h"

namespace levelpress {

// What LevelPress reads of a Jekyll site's _config.yml ("" = not given).
struct JekyllConfig {
  std::string permalink;  // a style (date, pretty, ordinal, none) or pattern
  std::string paginate_path;
  int paginate_path_line = 0;
  std::string excerpt_separator;
  std::string author;  // `author:` (a name, or a map with `name:`)
  std::string timezone;
  int timezone_line = 0;
  std::map<std::string, std::string> site;  // top-level scalars: {{ site.x }}
};

// Reads _config.yml's text; problems name `file` (a YAML error is one; the
// keys LevelPress does not use are ignored, as Jekyll plugins' are).
JekyllConfig ReadJekyllConfig(const std::string& file, std::string_view text,
                              std::vector<Problem>* problems);

// Whether a content-relative path is a Jekyll post (_posts/) or draft
// (_drafts/): its Markdown may hold Liquid tags.
bool IsJekyllPath(const std::string& relative_path);
bool IsJekyllDraftPath(const std::string& relative_path);

// A reference to another post that is resolved once every post is read
// ({% post_url NAME %}, {% link _posts/NAME.md %}).
struct PostRef {
  std::string target;  // a post's file name without extension, or a path
  int line = 0;        // file line
};

// The Markdown with Jekyll's Liquid tags converted: {% highlight LANG
// [linenos] %} ... {% endhighlight %} becomes a fenced code block, {% raw
// %} ... {% endraw %} its text, {% comment %} ... nothing, {% post_url %}
// and {% link %} a placeholder URL (RefPlaceholder) listed in *refs,
// {{ site.baseurl }} and {{ site.url }} nothing, {{ "/x" | relative_url }}
// "/x", {{ site.x }} _config.yml's top-level value x (`site`). Any other tag is
// kept as written, with a warning naming FILE:LINE. `first_line` is the file
// line of the text's first line; `source_dir` the post's folder, for {% link %}
// to a file that is not a post (made relative to the post, so it is copied as a
// media file).
std::string ConvertLiquid(std::string_view markdown, const std::string& file,
                          int first_line, const std::string& source_dir,
                          const std::map<std::string, std::string>& site,
                          std::vector<PostRef>* refs,
                          std::vector<Problem>* problems);

// The URL path standing for a PostRef in rendered HTML until the importer
// puts the post's URL there.
std::string RefPlaceholder(const std::string& target);

// The title part of a Jekyll post's file name, as written
// ("2017-2-5-My-Post.md" -> "My-Post"): Jekyll's :title.
std::string JekyllTitlePart(const std::string& relative_path);

// Jekyll's title from a post's file name ("2023-01-02-my-first-post.md"
// -> "My First Post"), as Jekyll derives it when `title:` is missing.
std::string TitleFromFileName(const std::string& relative_path);

// The URL Jekyll served a post at: `permalink` (a style or a pattern, see
// Jekyll's docs/_docs/permalinks.md) expanded with the post's date (as
// local broken-down time), its file name's title part (or `slug:`) and
// categories. "" when the pattern holds a placeholder LevelPress does not
// know (then *unknown names it).
struct JekyllPostInfo {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int year_day = 0;   // 1..366
  std::string title;  // slug: or the file name's title part
  std::vector<std::string> categories;
};
std::string JekyllPostUrl(std::string_view permalink,
                          const JekyllPostInfo& post, std::string* unknown);

}  // namespace levelpress
