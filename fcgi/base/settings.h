// Settings: every setting of LevelPress, with its default. Read once from
// the settings file (YAML, `key: value`) at start-up and then only read, so
// a const Settings is safe to share between threads. docs/settings.md lists
// them for users; keep the two in step.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "status.h"

namespace levelpress {

constexpr int kMaxThreads = 256;  // the range of the setting threads

// What the import does with raw HTML in Markdown (setting raw_html).
enum class RawHtml {
  kKeep,    // passes through as written (trusted authors)
  kEscape,  // shown as text; each occurrence is an import warning
  kDrop,    // removed; each occurrence is an import warning
};

// Whether search engines may index the site (setting robots).
enum class Robots {
  kIndex,    // robots.txt allows all and names the sitemap
  kNoindex,  // a staging site: robots.txt disallows all, every response
             // says X-Robots-Tag: noindex, nofollow
};

// What a feed entry carries (setting feed_content).
enum class FeedContent {
  kFull,     // the whole post, with its excerpt as the summary
  kExcerpt,  // the excerpt only; readers follow the link for the rest
};

// One link of a menu (settings menu, footer_menu).
struct MenuLink {
  std::string title;  // the link's text
  std::string url;    // a site path ("/about/") or an http(s) URL
  bool operator==(const MenuLink& o) const {
    return title == o.title && url == o.url;
  }
};

struct Settings {
  // --- The site ---
  std::string title = "LevelPress";  // blog title, in <title> and header
  std::string description;           // one line under the title, and feeds
  std::string base_url =
      "http://127.0.0.1:8080";    // absolute URL of "/" (no trailing /)
  std::string time_zone = "UTC";  // dates without offset, and URL dates
  int page_size = 10;             // posts per index/tag/author page, 1..1000
  std::vector<MenuLink> menu;     // header links, before Authors/Tags/Feed
  std::vector<MenuLink> footer_menu;  // links in the footer (imprint, ...)
  // Link previews (og:image) of pages without an image of their own: a
  // site path ("/theme/card.png") or an http(s) URL; "" = none. Its size
  // in pixels, 0 = not given (then previews carry no og:image:width/height).
  std::string default_image;
  int default_image_width = 0;
  int default_image_height = 0;
  Robots robots = Robots::kIndex;  // index | noindex (staging sites)
  // The site's language, a BCP 47 tag ("en", "de", "pt-BR"): <html lang>,
  // the feeds' language, the search stemmer, the theme's words and dates.
  std::string language = "en";
  FeedContent feed_content = FeedContent::kFull;  // full | excerpt

  // --- URL patterns (each starts and ends with '/'; pages append
  // "page/N/"). Each holds its one required placeholder and no unknown
  // one, and no two patterns (nor a pattern and a fixed page, nor a
  // pattern and theme_url/media_url) can match one path. ---
  std::string post_url =
      "/:year/:month/:day/:slug/";              // :year :month :day :slug
  std::string tag_url = "/tag/:tag/";           // :tag is the tag's slug
  std::string author_url = "/author/:author/";  // :author is the author id
  std::string theme_url = "/theme/";  // where nginx serves templates/theme/
  std::string media_url = "/media/";  // where nginx serves media_dir

  // --- Paths (relative paths are relative to the settings file's folder) ---
  std::string store_path = "store";         // the LevelDB store
  std::string templates_dir = "templates";  // *.tpl and theme/
  // GNU Source-highlight's language files (Debian: libsource-highlight-
  // common); without them code blocks are plain and the import says so.
  std::string highlight_dir = "/usr/share/source-highlight";
  std::string media_dir = "media";  // import copies images and avatars here

  // --- Import ---
  size_t max_post_bytes = 1 << 20;    // a larger post file is an error
  RawHtml raw_html = RawHtml::kKeep;  // raw HTML in Markdown: keep|escape|drop
  // Moving in from Jekyll and Hugo (docs/migration.md):
  std::string default_author;      // of posts that name none; "" = an error
  bool categories_as_tags = true;  // Jekyll's categories: become tags too
  // Jekyll's permalink (a style: date, pretty, ordinal, none, or a pattern
  // such as /:categories/:year/:title.html): each Jekyll post's old URL
  // becomes an alias. "" = _config.yml's, else Jekyll's default (date).
  std::string jekyll_permalink;
  // Hugo's permalink of the posts' section ("/:year/:month/:slug/"): each
  // post's old URL under content/ becomes an alias. "" = hugo.toml's
  // [permalinks], else Hugo's default (/posts/<slug or file name>/).
  std::string hugo_permalink;
  // A line in a post that ends its excerpt, as Jekyll's excerpt_separator
  // (a post's own `excerpt_separator:` wins); "" = <!--more--> only.
  std::string excerpt_separator;

  // --- Serving (moving in) ---
  // /page2/-style listing pages (Jekyll's paginate_path) answer 301 to
  // /page/2/.
  bool jekyll_pagination = false;
  std::string paginate_path = "/page:num/";  // Jekyll's, holds :num once

  // --- Serving ---
  int threads = 0;       // worker threads, 0..kMaxThreads; 0 = number of cores
  std::string log_file;  // request log; empty = stderr
  size_t max_path_bytes = 2048;  // a longer request path gets 414 (1024..1M)
  int cache_seconds = 1;         // X-Accel-Expires for cached pages (0..1y)
  size_t render_cache_bytes = 16
                              << 20;  // rendered pages kept in memory; 0 = none

  // --- The FastCGI transport (serve --socket/--listen, or spawned) ---
  std::string socket_group;    // group of the --socket file (mode 0660); "" =
                               // the server's own group
  int read_timeout = 10;       // seconds for a request to arrive whole
  int write_timeout = 10;      // seconds for a client to take a response
  int idle_timeout = 60;       // seconds a kept-alive connection may sit idle
  int max_connections = 1024;  // open FastCGI connections; more wait in the
                               // listen queue

  // --- Publishing to a running server (control.h) ---
  std::string control_group;  // group that may use <store>/control.sock
                              // (then mode 0660); "" = owner only (0600)

  // The file these were read from, and its folder (set by LoadSettings).
  std::string file;
  // Not settings: a Jekyll site's _config.yml top-level values, for
  // {{ site.x }} in its posts (set by the importer for its run).
  std::map<std::string, std::string> jekyll_site;
  // Not a setting: a Hugo site's defaultContentLanguage ("en"), whose
  // files may name it (x.en.md is the post x); set by the importer.
  std::string hugo_language;
};

// Reads a settings file over the defaults and validates the result as a
// whole (ranges, base_url, time_zone, URL patterns and their collisions).
// Every problem of the file is reported, not only the first: the message
// of the InvalidArgument has one line per problem, "FILE:LINE: key: what",
// in the order of the file (no LINE for a problem of a default). Relative
// paths are made absolute against the file's folder. Never throws.
Status LoadSettings(const std::string& path, Settings* settings);

// The same on the text of a settings file; file_name names it in messages
// and anchors relative paths. (LoadSettings reads the file and calls this;
// the settings fuzz target calls it on arbitrary bytes.)
Status ParseSettings(std::string_view text, const std::string& file_name,
                     Settings* settings);

// The translation file of language in templates_dir (the theme's words,
// fcgi/web/translation.h): templates_dir/i18n/<language>.yaml, or, for a
// tag with subtags ("de-CH"), the first that exists of de-CH.yaml and
// de.yaml. "" when there is none; *looked_for then names what was tried.
std::string TranslationFile(const std::string& templates_dir,
                            const std::string& language,
                            std::string* looked_for);

// The settings file to use when --config is not given: $LEVELPRESS_CONFIG,
// else ./data/levelpress.conf (from a shell only, not when a web server
// started us), else levelpress.conf beside the binary.
std::string DefaultSettingsPath(const char* argv0, bool started_by_web_server);

}  // namespace levelpress
