#include "content.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>

#include "dates.h"
#include "front_matter.h"
#include "html_post.h"
#include "html_text.h"
#include "hugo.h"
#include "markdown.h"
#include "slug.h"

namespace levelpress {
namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxBrackets = 10000;
// cmark-gfm 0.29.0.gfm.6 (Debian 12) is slow on wide tables (a row costs
// the square of its cells: one line of 50,000 '|' takes 4 s) and on email
// autolinks (~4 us per '@': 1 MB of "a@" takes 2 s). No real post comes
// near these.
constexpr size_t kMaxPipesPerLine = 200;
constexpr size_t kMaxPipes = 100000;
constexpr size_t kMaxAts = 10000;

}  // namespace

void AuthorIndex::Add(const Author& author) {
  by_id[author.id] = author;
  id_by_name[AsciiLower(author.name)] = author.id;
}

std::string AuthorIndex::Resolve(const std::string& id_or_name) const {
  if (by_id.count(id_or_name)) return id_or_name;
  auto it = id_by_name.find(AsciiLower(id_or_name));
  if (it != id_by_name.end()) return it->second;
  return Slugify(id_or_name);
}

bool IsPagePath(const std::string& relative_path) {
  return relative_path.rfind("pages/", 0) == 0;
}

bool IsSafeRelativePath(const std::string& path) {
  if (path.empty() || path[0] == '/' || path.find('\0') != std::string::npos)
    return false;
  fs::path p(path);
  if (p.lexically_normal().generic_string() != path) return false;
  for (const auto& part : p) {
    if (part == ".." || part == ".") return false;
  }
  return true;
}

ParsedAuthor ParseAuthorFile(const std::string& rel, std::string_view text) {
  ParsedAuthor parsed;
  std::vector<Problem>* problems = &parsed.problems;
  FrontMatter fm;
  if (!fm.Parse(rel, text, problems)) return parsed;
  Author* author = &parsed.author;
  author->source_path = rel;
  author->id = fs::path(rel).stem().string();
  if (!IsValidSlug(author->id)) {
    problems->push_back({rel, 0, "",
                         "the file name must be the author id: lower-case "
                         "letters, digits and '-' (try " +
                             Slugify(author->id) + ".md)"});
  }
  auto name = fm.String("name", problems);
  if (!name || name->empty()) {
    if (!fm.Has("name") || name) {
      problems->push_back(
          fm.At("name", "missing (an author needs a display name)"));
    }
  } else {
    author->name = *name;
  }
  if (auto avatar = fm.String("avatar", problems)) {
    author->avatar = *avatar;
    parsed.avatar_line = fm.LineOf("avatar");
    if (avatar->find('/') != std::string::npos || *avatar == ".." ||
        *avatar == "." || avatar->empty()) {
      problems->push_back(
          fm.At("avatar",
                "must be the name of an image file beside the author file"));
    } else {
      // The author file's folder is kept: authors/team1/me.svg and
      // authors/team2/me.svg are two pictures.
      author->avatar_url =
          (fs::path(rel).parent_path() / *avatar).generic_string();
    }
  }
  author->bio_markdown = fm.body();
  MarkdownOptions mo;
  mo.source_dir = fs::path(rel).parent_path().generic_string();
  mo.id_prefix = "author-" + author->id + "-";  // never a post's footnote
  author->bio_html = RenderMarkdown(author->bio_markdown, mo).html;
  parsed.ok = !HasErrors(parsed.problems);
  return parsed;
}

namespace {

// Checks the post's aliases and returns them as stored: decoded of %XX
// escapes (the router matches the decoded request path). A query or a
// fragment could never match (the router sees the path only); paths that
// the site answers itself (or the post's own URL) would never redirect.
std::vector<std::string> CheckAliases(const FrontMatter& fm,
                                      const Settings& settings,
                                      const std::string& own_url,
                                      const std::vector<std::string>& aliases,
                                      std::vector<Problem>* problems) {
  std::vector<std::string> out;
  for (const auto& written : aliases) {
    std::string what, a;
    if (written.find_first_of("?#") != std::string::npos) {
      problems->push_back(fm.At(
          "aliases", "'" + written +
                         "' has a query or fragment; aliases match the path "
                         "only"));
      continue;
    }
    if (!PercentDecode(written, &a)) {
      problems->push_back(fm.At(
          "aliases", "'" + written +
                         "' has a '%' that is not followed by two hex digits"));
      continue;
    }
    const bool decoded = a != written;
    const std::string shown =
        "'" + written + "'" + (decoded ? " (decoded: '" + a + "')" : "");
    if (decoded && (InvalidUtf8At(a) != std::string_view::npos ||
                    std::any_of(a.begin(), a.end(), [](char c) {
                      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
                    }))) {
      problems->push_back(
          fm.At("aliases",
                "'" + written + "' decodes to bytes that are not UTF-8 text"));
    } else if (a.empty() || a[0] != '/' || a.find("..") != std::string::npos) {
      problems->push_back(
          fm.At("aliases", shown + " must be a path starting with '/'"));
    } else if (a == own_url) {
      problems->push_back(fm.At("aliases", shown + " is the post's own URL"));
    } else if (IsSitePath(settings, a, &what)) {
      problems->push_back(fm.At(
          "aliases", shown + " is " + what +
                         ", which the site answers itself: a redirect there "
                         "would never be used"));
    }
    out.push_back(std::move(a));
  }
  return out;
}

// Reads `author:` or `authors:` (never both) into post->author_ids, each
// resolved as an id or a display name, and what was written into *values.
// A page needs no author; a post at least one.
void ReadAuthors(const FrontMatter& fm, const AuthorIndex& authors,
                 bool required, Post* post, std::vector<std::string>* values,
                 std::vector<Problem>* problems) {
  if (fm.Has("author") && fm.Has("authors")) {
    problems->push_back(fm.At(
        "authors", "give `author:` (one) or `authors:` (a list), not both"));
    return;
  }
  const char* field = fm.Has("authors") ? "authors" : "author";
  std::vector<std::string> written;
  if (fm.Has("authors")) {
    if (auto list = fm.Strings("authors", problems)) written = *list;
  } else if (fm.IsList("author")) {
    // Hugo's themes (PaperMod) take `author: [A, B]` for several.
    if (auto list = fm.Strings("author", problems)) written = *list;
  } else if (auto one = fm.String("author", problems)) {
    written.push_back(*one);
  }
  for (const auto& value : written) {
    std::string id = value.empty() ? "" : authors.Resolve(value);
    if (id.empty()) {
      problems->push_back(fm.At(field, "'" + value + "' gives no author id"));
    } else if (std::find(post->author_ids.begin(), post->author_ids.end(),
                         id) != post->author_ids.end()) {
      problems->push_back(fm.At(field, "'" + value +
                                           "' is named twice (author id " + id +
                                           "); name each author once"));
    } else {
      post->author_ids.push_back(std::move(id));
      values->push_back(value);
    }
  }
  if (post->author_ids.empty() && required && !HasErrors(*problems)) {
    problems->push_back(fm.At(
        field, "missing (an author id from authors/, or a display name)"));
  }
}

// A page's own URL: `url:` (a path starting and ending with '/'), else
// /<slug>/. "" after a problem.
std::string PageUrl(const FrontMatter& fm, const std::string& slug,
                    std::vector<Problem>* problems) {
  auto url = fm.String("url", problems);
  if (!url) return slug.empty() ? "" : "/" + slug + "/";
  const std::string& u = *url;
  if (u.size() < 2 || u.front() != '/' || u.back() != '/' ||
      u.find("//") != std::string::npos ||
      u.find_first_of("?#%\\ ") != std::string::npos ||
      u.find("/../") != std::string::npos ||
      u.find("/./") != std::string::npos ||
      std::any_of(u.begin(), u.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      })) {
    problems->push_back(
        fm.At("url", "'" + u +
                         "' must be a path that starts and ends with '/' "
                         "(e.g. /about/), without spaces, '?', '#', '%' "
                         "or '..'"));
    return "";
  }
  return u;
}

// `image:`: a media file in the post's folder or below it.
void ReadCoverImage(const FrontMatter& fm, Post* post,
                    std::vector<Problem>* problems) {
  auto image = fm.String("image", problems);
  if (!image) return;
  if (image->empty() || !IsSafeRelativePath(*image) || (*image)[0] == '.') {
    problems->push_back(fm.At(
        "image", "'" + *image +
                     "' must be an image file beside the post (a relative "
                     "path without '..')"));
    return;
  }
  post->image = *image;
  if (!IsMediaPath(post->CoverAsset())) {
    problems->push_back(fm.At(
        "image",
        "'" + *image + "' is not a media file (png, jpg, webp, svg, ...)"));
    post->image.clear();
  }
}

}  // namespace

namespace {

// Jekyll's `categories:` (a list, or words) and `category:` (one).
std::vector<std::string> JekyllCategories(const FrontMatter& fm,
                                          std::vector<Problem>* problems) {
  std::vector<std::string> out;
  if (auto list = fm.Strings("categories", problems)) out = *list;
  if (auto one = fm.String("category", problems)) {
    if (!one->empty()) out.push_back(*one);
  }
  return out;
}

// The URL Jekyll served the post at (_config.yml's permalink, or the
// post's own `permalink:`) becomes an alias when it is not the post's URL
// here, so that links to it keep working.
void AddJekyllUrl(const FrontMatter& fm, const Settings& settings,
                  const std::string& rel,
                  const std::vector<std::string>& categories,
                  const std::string& own_url, Post* post,
                  std::vector<Problem>* problems) {
  std::string permalink = settings.jekyll_permalink;
  if (auto own = fm.String("permalink", problems)) permalink = *own;
  time_t t = static_cast<time_t>(post->date);
  std::tm tm{};
  localtime_r(&t, &tm);
  JekyllPostInfo info;
  info.year = tm.tm_year + 1900;
  info.month = tm.tm_mon + 1;
  info.day = tm.tm_mday;
  info.hour = tm.tm_hour;
  info.minute = tm.tm_min;
  info.second = tm.tm_sec;
  info.year_day = tm.tm_yday + 1;
  info.title = JekyllTitlePart(rel);
  if (auto slug = fm.String("slug", problems)) info.title = *slug;
  info.categories = categories;
  std::string unknown, what;
  const std::string jekyll_url = JekyllPostUrl(permalink, info, &unknown);
  if (jekyll_url.empty()) {
    problems->push_back({rel, fm.LineOf("permalink"), "permalink",
                         "the placeholder " + unknown +
                             " is not known here; the post's Jekyll URL "
                             "gets no redirect",
                         true});
    return;
  }
  // Stored as aliases are, or not at all (export would write it, and the
  // exported folder would not import).
  std::string url;
  if (!AliasPath(jekyll_url, &url)) {
    problems->push_back({rel, fm.LineOf("permalink"), "permalink",
                         "the post's Jekyll URL " + jekyll_url +
                             " has a '?', '#', '..' or an escape that is not "
                             "text; it gets no redirect",
                         true});
    return;
  }
  if (url == own_url || IsSitePath(settings, url, &what) ||
      std::find(post->aliases.begin(), post->aliases.end(), url) !=
          post->aliases.end()) {
    return;
  }
  post->aliases.push_back(url);
}

// The URL Hugo served the post at (its `url:`) becomes an alias when it is not
// the post's URL here.
void AddHugoUrl(const FrontMatter& fm, const Settings& settings,
                const std::string& own_url, Post* post,
                std::vector<Problem>* problems) {
  // Without `url:` the importer adds the permalink's URL (it knows the
  // site's [permalinks]).
  auto own = fm.String("url", problems);
  if (!own) return;
  std::string written = *own, url;
  if (written.empty() || written[0] != '/') written = "/" + written;
  // Stored decoded, as aliases are; one that no request path can be is not
  // stored (export would write it and the exported folder would not import).
  if (!AliasPath(written, &url)) {
    problems->push_back(
        fm.At("url",
              "'" + *own +
                  "' has a query, a fragment, '..', a broken %-escape or a "
                  "control character; the post's Hugo URL gets no redirect",
              /*warning=*/true));
    return;
  }
  std::string what;
  if (url == own_url || IsSitePath(settings, url, &what) ||
      std::find(post->aliases.begin(), post->aliases.end(), url) !=
          post->aliases.end()) {
    return;
  }
  post->aliases.push_back(url);
}

// Jekyll also reads one-digit months and days in a post's file name
// ("2017-2-5-x.md" is 2017-02-05, slug x).
void JekyllDatePrefix(const std::string& rel, std::string* date_prefix,
                      std::string* slug) {
  const std::string stem = fs::path(rel).stem().string();
  int y = 0, m = 0, d = 0, used = 0;
  if (std::sscanf(stem.c_str(), "%4d-%2d-%2d-%n", &y, &m, &d, &used) != 3 ||
      used == 0 || used >= static_cast<int>(stem.size()) ||
      !std::isdigit(static_cast<unsigned char>(stem[0]))) {
    return;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  *date_prefix = buf;
  *slug = Slugify(stem.substr(used));
}

// `expires:`, or Hugo's expiryDate: when the post disappears (Post::expires),
// by itself, as a scheduled post appears at its date. One whose time is
// already over at the import is stored all the same, and invisible, as it
// would be after its time: the store, not the import, decides what shows.
void ReadExpiryDate(const FrontMatter& fm, Post* post,
                    std::vector<Problem>* problems) {
  const char* field = nullptr;
  for (const char* name : {"expires", "expiryDate", "expirydate"}) {
    if (!fm.Has(name)) continue;
    if (field == nullptr) {
      field = name;
    } else {  // two times, and one would be dropped without a word
      problems->push_back(fm.At(
          name,
          std::string("'") + field + "' is written too; this one is not read",
          /*warning=*/true));
    }
  }
  if (field == nullptr) return;
  auto expiry = fm.String(field, problems);
  if (!expiry) return;  // not a string: String said so
  int64_t t = 0;
  std::string why;
  if (!ParseDate(*expiry, &t, &why)) {
    problems->push_back(fm.At(field, why));
  } else if (t <= 0) {
    problems->push_back(fm.At(field, "'" + *expiry + "' is before 1970"));
  } else if (post->date != 0 && t <= post->date) {
    problems->push_back(
        fm.At(field, "'" + *expiry +
                         "' is not after the post's date: the post would "
                         "never be public (remove it, or make it a draft)"));
  } else {
    post->expires = t;
  }
}

// Jekyll's excerpt_separator: the excerpt ends where the separator first
// is; the separator stays in the post, as in Jekyll (a "---" is a rule).
// A <!--more--> marker goes at the start of its line.
void MarkExcerpt(const std::string& separator, std::string* markdown) {
  if (separator.empty() || separator == "<!--more-->" || separator == "\n\n")
    return;  // the default: the first paragraph, as in Jekyll
  size_t at = markdown->find(separator);
  if (at == std::string::npos) return;
  at += separator.find_first_not_of('\n') == std::string::npos
            ? 0
            : separator.find_first_not_of('\n');
  size_t line_start = at == 0 ? 0 : markdown->rfind('\n', at - 1);
  line_start = line_start == std::string::npos || at == 0 ? 0 : line_start + 1;
  markdown->insert(line_start, "<!--more-->\n");
}

}  // namespace

ParsedPost ParsePostFile(const std::string& rel, std::string_view text,
                         const Settings& settings, const AuthorIndex& authors,
                         const ImageLookup& images) {
  ParsedPost parsed;
  std::vector<Problem>& mine = parsed.problems;
  Post* post = &parsed.post;
  post->source_path = rel;
  if (!IsSafeRelativePath(rel)) {
    // The walk of the content folder never makes one; export writes to it.
    mine.push_back({rel, 0, "",
                    "the path must be relative to the content folder and "
                    "stay inside it"});
    return parsed;
  }
  if (text.size() > settings.max_post_bytes) {
    mine.push_back({rel, 0, "",
                    "the file has " + std::to_string(text.size()) +
                        " bytes, over the limit of " +
                        std::to_string(settings.max_post_bytes) +
                        " (setting max_post_bytes)"});
    return parsed;
  }
  // cmark 0.30.2 (Debian 12; so is cmark-gfm 0.29.0.gfm.6) is quadratic on
  // nested image brackets (CVE-2023-22486): "![[]()" 40,000 times takes
  // seconds. No real post comes near this many brackets.
  if (size_t brackets = std::count(text.begin(), text.end(), '[');
      brackets > kMaxBrackets) {
    mine.push_back({rel, 0, "",
                    "the file has " + std::to_string(brackets) +
                        " '[' characters, over the limit of " +
                        std::to_string(kMaxBrackets) +
                        " (a guard against a slow case in cmark)"});
    return parsed;
  }
  {
    size_t pipes = 0, line_pipes = 0, widest = 0, widest_line = 0, line = 1;
    size_t ats = 0;
    for (char c : text) {
      if (c == '|') {
        ++pipes;
        if (++line_pipes > widest) widest = line_pipes, widest_line = line;
      } else if (c == '\n') {
        line_pipes = 0;
        ++line;
      } else if (c == '@') {
        ++ats;
      }
    }
    auto guard = [&](int at, size_t n, const char* what, size_t limit) {
      mine.push_back({rel, at, "",
                      "the " + std::string(at ? "line" : "file") + " has " +
                          std::to_string(n) + " " + what +
                          ", over the limit of " + std::to_string(limit) +
                          " (a guard against a slow case in cmark-gfm)"});
    };
    if (widest > kMaxPipesPerLine) {
      guard(static_cast<int>(widest_line), widest, "'|' characters",
            kMaxPipesPerLine);
    } else if (pipes > kMaxPipes) {
      guard(0, pipes, "'|' characters", kMaxPipes);
    } else if (ats > kMaxAts) {
      guard(0, ats, "'@' characters", kMaxAts);
    }
    if (!mine.empty()) return parsed;
  }
  FrontMatter fm;
  if (!fm.Parse(rel, text, &mine, /*skip_blank_lines=*/IsHugoPath(rel))) {
    if (IsJekyllPath(rel) && !mine.empty() && !text.empty() && text[0] != '-') {
      // Jekyll copies a file without front matter as it is: not a post.
      mine.back().message += "; Jekyll does not read it as a post: skipped";
      mine.back().warning = true;
      parsed.skipped = true;
    }
    return parsed;
  }
  if (IsHugoPath(rel)) {
    fm.MatchFieldsInAnyCase(
        {"title",   "date",       "publishDate", "pubdate",  "published",
         "lastmod", "expiryDate", "expires",     "slug",     "url",
         "aliases", "tags",       "categories",  "category", "author",
         "authors", "summary",    "description", "draft",    "image",
         "updated"},
        &mine);
  }
  // An HTML post (posts/x.html) is its markup: escaping or dropping it
  // would leave nothing to read.
  const bool html = IsHtmlPostPath(rel);
  if (html && settings.raw_html != RawHtml::kKeep) {
    mine.push_back({rel, 0, "",
                    "an HTML post needs the setting raw_html: keep (it is "
                    "not Markdown); convert it to Markdown or keep raw HTML"});
  }

  parsed.lines.slug = fm.LineOf("slug");
  parsed.lines.aliases = fm.LineOf("aliases");
  std::string date_prefix;
  std::string file_slug = SlugFromPath(rel, &date_prefix);
  if (IsHugoPath(rel) && !settings.hugo_language.empty()) {
    // Hugo's x.en.md (and b/index.en.md) in the default language is x.
    const std::string suffix = "." + settings.hugo_language;
    fs::path path(rel);
    std::string stem = path.stem().string();
    if (stem.size() > suffix.size() &&
        stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) == 0) {
      stem.resize(stem.size() - suffix.size());
      file_slug = SlugFromPath(
          (path.parent_path() / (stem + path.extension().string())).string(),
          &date_prefix);
    }
  }
  if (IsJekyllPath(rel) && date_prefix.empty()) {
    JekyllDatePrefix(rel, &date_prefix, &file_slug);  // "2017-2-5-x.md"
    if (date_prefix.empty() && !fm.Has("date") && !IsJekyllDraftPath(rel)) {
      mine.push_back({rel, 0, "",
                      "not named YYYY-MM-DD-title.md and no `date:`: Jekyll "
                      "does not read it as a post; skipped",
                      /*warning=*/true});
      parsed.skipped = true;
      return parsed;
    }
  }

  post->page = IsPagePath(rel);
  const bool jekyll = IsJekyllPath(rel);
  const bool hugo = IsHugoPath(rel);
  std::string why;
  bool dated = false;
  // Hugo's date is `date`, else `publishDate`, else `lastmod`.
  const char* date_field = "date";
  for (const char* other : {"publishDate", "pubdate", "published", "lastmod"}) {
    if (hugo && !fm.Has(date_field) && fm.Has(other)) date_field = other;
  }
  if (auto date = fm.String(date_field, &mine)) {
    dated = ParseDate(*date, &post->date, &why);
    if (!dated) mine.push_back(fm.At(date_field, why));
  } else if (post->page) {
    // A page has no date; it is not in any listing.
  } else if (!fm.Has("date")) {
    if (date_prefix.empty() && IsJekyllDraftPath(rel)) {
      // A Jekyll draft has no date until it is published.
    } else if (date_prefix.empty() && hugo) {
      // Hugo's undated content is a page (about, archives, search).
      mine.push_back({rel, 0, "",
                      "no date: a page, not a post: skipped (move it to "
                      "pages/ with its `url:`)",
                      /*warning=*/true});
      parsed.skipped = true;
      return parsed;
    } else if (date_prefix.empty()) {
      mine.push_back(fm.At("date",
                           "missing (give `date: 2023-09-27T10:00:00+02:00`, "
                           "or name the file YYYY-MM-DD-slug.md)"));
    } else if (!(dated = ParseDate(date_prefix, &post->date, &why))) {
      mine.push_back({rel, 0, "date", "file name date " + why});
    }
  }

  auto title = fm.String("title", &mine);
  if (title && !title->empty()) {
    post->title = SmartText(*title);  // typographic, as in the body
  } else if (!post->page && !fm.Has("title") &&
             !TitleFromFileName(rel).empty()) {
    // As Jekyll does: "2023-01-02-my-first-post.md" is "My First Post".
    post->title = TitleFromFileName(rel);
    mine.push_back(fm.At(
        "title",
        "missing; the title '" + post->title + "' is taken from the file name",
        /*warning=*/true));
  } else if (!fm.Has("title") || (title && title->empty())) {
    mine.push_back(fm.At("title", "missing (every post needs a title)"));
  }

  if (auto slug = fm.String("slug", &mine)) {
    parsed.written_slug = *slug;
    if ((jekyll || hugo) && !IsValidSlug(*slug) && !Slugify(*slug).empty()) {
      // Jekyll slugifies what `slug:` says; a Hugo post keeps it as
      // written in its Hugo URL (an alias), and is served at this one.
      post->slug = Slugify(*slug);
    } else if (slug->size() > kMaxSlugBytes) {
      // Named by its length: the whole slug in the message says nothing.
      mine.push_back(fm.At(
          "slug", std::to_string(slug->size()) + " bytes; at most " +
                      std::to_string(kMaxSlugBytes) +
                      " (URLs of a listing stay short enough to be served)"));
    } else if (!IsValidSlug(*slug)) {
      mine.push_back(fm.At(
          "slug",
          "'" + *slug +
              "' is not a slug: use lower-case letters, digits and '-' (e.g. " +
              Slugify(*slug) + ")"));
    } else {
      post->slug = *slug;
    }
  } else {
    post->slug = file_slug;
    if (post->slug.empty())
      mine.push_back(
          {rel, 0, "slug", "the file name gives no slug; add `slug:`"});
  }

  ReadAuthors(fm, authors,
              /*required=*/!post->page && settings.default_author.empty(), post,
              &parsed.author_values, &mine);
  if (post->author_ids.empty() && !post->page &&
      !settings.default_author.empty() && !HasErrors(mine)) {
    post->author_ids.push_back(authors.Resolve(settings.default_author));
    parsed.author_values.push_back(settings.default_author);
  }

  if (auto tags = fm.Strings("tags", &mine)) {
    for (const auto& t : *tags) {
      if (Slugify(t).empty()) {
        mine.push_back(fm.At("tags", "'" + t + "' has no letters or digits"));
      }
    }
    post->tags = *tags;
  }
  std::vector<std::string> categories = JekyllCategories(fm, &mine);
  if (settings.categories_as_tags) {
    for (const auto& c : categories) {
      if (Slugify(c).empty()) continue;
      bool known = false;
      for (const auto& t : post->tags) known |= Slugify(t) == Slugify(c);
      if (!known) post->tags.push_back(c);
    }
  }
  if (auto summary = fm.String("summary", &mine)) {
    post->summary = *summary;
  } else if (auto excerpt = fm.String("excerpt", &mine)) {
    post->summary = *excerpt;  // Jekyll's and Hugo's custom excerpt
  }
  if (auto description = fm.String("description", &mine)) {
    post->description = SmartText(*description);  // as the title
  }
  if (auto updated = fm.String("updated", &mine)) {
    if (!ParseDate(*updated, &post->updated, &why)) {
      mine.push_back(fm.At("updated", why));
    }
  } else if (auto lastmod = fm.String("lastmod", &mine)) {  // Hugo's
    if (!ParseDate(*lastmod, &post->updated, &why)) {
      mine.push_back(fm.At("lastmod", why));
    }
  }
  ReadCoverImage(fm, post, &mine);
  if (auto draft = fm.Bool("draft", &mine)) post->draft = *draft;
  if (hugo) {
    // Hugo's `published` is a date (publishDate), read above.
  } else if (auto published = fm.Bool("published", &mine)) {
    if (!*published) post->draft = true;  // Jekyll's unpublished post
  }
  if (IsJekyllDraftPath(rel)) post->draft = true;
  ReadExpiryDate(fm, post, &mine);
  Urls urls(settings);
  std::string own_url;
  if (post->page) {
    parsed.lines.url = fm.Has("url") ? fm.LineOf("url") : parsed.lines.slug;
    post->url = PageUrl(fm, post->slug, &mine);
    own_url = post->url;
    std::string what;
    if (!own_url.empty() && IsSitePath(settings, own_url, &what)) {
      mine.push_back({rel, parsed.lines.url, fm.Has("url") ? "url" : "slug",
                      "the page's URL " + own_url + " is " + what +
                          ", which the site answers itself; give the page "
                          "another `" +
                          (fm.Has("url") ? "url:" : "slug:") + "`"});
    }
  } else {
    if (fm.Has("url") && hugo) {
      // Hugo's own URL of the post: an alias (added below).
    } else if (fm.Has("url")) {
      mine.push_back(fm.At("url",
                           "only a page (pages/) takes a `url:`; a post's "
                           "URL comes from the setting post_url"));
    }
    if (dated && !post->slug.empty())
      own_url = urls.Post(post->date, post->slug);
  }
  if (auto aliases = fm.Strings("aliases", &mine)) {
    if (hugo) {
      // Hugo's page-relative aliases ("old-name", "../old/path") need the
      // post's Hugo URL, which the importer knows.
      std::vector<std::string> absolute;
      for (auto& a : *aliases) {
        (a.empty() || a[0] == '/' ? absolute : parsed.hugo_relative_aliases)
            .push_back(std::move(a));
      }
      *aliases = std::move(absolute);
    }
    post->aliases = CheckAliases(fm, settings, own_url, *aliases, &mine);
  }
  if (jekyll && dated && !post->draft && !own_url.empty()) {
    AddJekyllUrl(fm, settings, rel, categories, own_url, post, &mine);
  }
  if (hugo && dated && !post->draft && !own_url.empty()) {
    AddHugoUrl(fm, settings, own_url, post, &mine);
  }
  post->body_markdown = fm.body();
  std::string markdown = post->body_markdown;  // what is rendered
  if (jekyll) {
    markdown = ConvertLiquid(markdown, rel, fm.body_line(),
                             fs::path(rel).parent_path().generic_string(),
                             settings.jekyll_site, &parsed.post_refs, &mine);
    std::string separator = settings.excerpt_separator;
    if (auto own = fm.String("excerpt_separator", &mine)) separator = *own;
    MarkExcerpt(separator, &markdown);
  } else if (hugo) {
    markdown = ConvertShortcodes(markdown, rel, fm.body_line(),
                                 &parsed.post_refs, &mine);
  }

  parsed.ok = !HasErrors(mine);
  if (parsed.ok) {
    MarkdownOptions mo;
    mo.page_url = own_url;
    mo.asset_base_url = settings.media_url + "content/";
    mo.source_dir = fs::path(rel).parent_path().generic_string();
    mo.id_prefix = post->slug + "-";  // unique among posts on a listing
    mo.raw_html = settings.raw_html;
    mo.highlight_dir = settings.highlight_dir;
    mo.images = images;
    RenderedPost rendered =
        html ? RenderHtmlPost(post->body_markdown, post->summary, mo)
             : RenderPost(markdown, post->summary, mo);
    post->body_html = std::move(rendered.body_html);
    post->excerpt_html = std::move(rendered.excerpt_html);
    post->assets = std::move(rendered.assets);
    for (const auto& [asset, line] : rendered.asset_lines) {
      // Body line 1 is file line body_line(); a summary's line is unknown.
      parsed.lines.assets[asset] = line > 0 ? fm.body_line() + line - 1 : 0;
    }
    // The cover is an asset like the body's images: copied, and warned
    // about when missing (the page then shows none).
    if (const std::string cover = post->CoverAsset(); !cover.empty()) {
      if (!std::binary_search(post->assets.begin(), post->assets.end(),
                              cover)) {
        post->assets.insert(
            std::lower_bound(post->assets.begin(), post->assets.end(), cover),
            cover);
      }
      parsed.lines.assets[cover] = fm.LineOf("image");
      if (std::optional<ImageInfo> info = images ? images(cover) : std::nullopt;
          info && info->size.width > 0 && info->size.height > 0) {
        post->cover_width = info->size.width;
        post->cover_height = info->size.height;
      }
    }
    post->reading_minutes =
        ReadingMinutes(CountWords(HtmlToText(post->body_html)));
    // Only media files are published: a link to another post's Markdown
    // or to a dotfile stays as written and is never copied.
    for (const auto& [url, line] : rendered.not_media) {
      mine.push_back(
          {rel, line > 0 ? fm.body_line() + line - 1 : 0, "",
           "link to '" + url + "' is not a media file; it is not published",
           true});
    }
    // Raw HTML that is not kept is never lost silently.
    const char* what =
        settings.raw_html == RawHtml::kEscape ? "escaped" : "dropped";
    const char* mode =
        settings.raw_html == RawHtml::kEscape ? "escape" : "drop";
    for (const auto& note : rendered.raw_html) {
      mine.push_back(
          {rel, note.line > 0 ? fm.body_line() + note.line - 1 : 0, "",
           "raw HTML " + note.tag + " " + what + " (raw_html: " + mode + ")",
           true});
    }
  }
  return parsed;
}

std::string FormatPostFile(const Post& post, const AuthorIndex& authors) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "title" << YAML::Value << YAML::DoubleQuoted
      << post.title;
  if (!post.page || post.date != 0) {
    out << YAML::Key << "date" << YAML::Value << FormatIso8601(post.date);
  }
  // An author without a file was named by display name; keep it so.
  auto written = [&](const std::string& id) {
    auto author = authors.by_id.find(id);
    bool implicit =
        author == authors.by_id.end() || author->second.source_path.empty();
    return implicit && author != authors.by_id.end() ? author->second.name : id;
  };
  if (post.author_ids.size() == 1) {
    out << YAML::Key << "author" << YAML::Value
        << written(post.author_ids.front());
  } else if (post.author_ids.size() > 1) {
    out << YAML::Key << "authors" << YAML::Value << YAML::Flow
        << YAML::BeginSeq;
    for (const auto& id : post.author_ids) out << written(id);
    out << YAML::EndSeq;
  }
  if (!post.tags.empty()) {
    out << YAML::Key << "tags" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& t : post.tags) out << YAML::DoubleQuoted << t;
    out << YAML::EndSeq;
  }
  if (!post.summary.empty()) {
    out << YAML::Key << "summary" << YAML::Value << YAML::DoubleQuoted
        << post.summary;
  }
  if (!post.description.empty()) {
    out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted
        << post.description;
  }
  if (!post.image.empty()) {
    out << YAML::Key << "image" << YAML::Value << YAML::DoubleQuoted
        << post.image;
  }
  // A change the store recorded (Post::content_changed) is written as
  // `updated:`, so the content's date survives an export and re-import.
  const int64_t updated =
      post.updated != 0
          ? post.updated
          : (post.content_changed > post.date ? post.content_changed : 0);
  if (updated != 0) {
    out << YAML::Key << "updated" << YAML::Value << FormatIso8601(updated);
  }
  if (post.expires != 0) {
    out << YAML::Key << "expires" << YAML::Value << FormatIso8601(post.expires);
  }
  out << YAML::Key << "slug" << YAML::Value << post.slug;
  if (post.page && post.url != "/" + post.slug + "/") {
    out << YAML::Key << "url" << YAML::Value << YAML::DoubleQuoted << post.url;
  }
  if (post.draft) out << YAML::Key << "draft" << YAML::Value << true;
  if (!post.aliases.empty()) {
    out << YAML::Key << "aliases" << YAML::Value << YAML::Flow
        << YAML::BeginSeq;
    // Stored decoded; one with '%', '?' or '#' is written encoded, so the
    // import reads it back (decoded) as the same path.
    for (const auto& a : post.aliases) {
      out << YAML::DoubleQuoted
          << (a.find_first_of("%?#") == std::string::npos
                  ? a
                  : PercentEncodePath(a));
    }
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
  return "---\n" + std::string(out.c_str()) + "\n---\n" + post.body_markdown;
}

std::string FormatAuthorFile(const Author& author) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted
      << author.name;
  if (!author.avatar.empty())
    out << YAML::Key << "avatar" << YAML::Value << author.avatar;
  out << YAML::EndMap;
  return "---\n" + std::string(out.c_str()) + "\n---\n" + author.bio_markdown;
}

}  // namespace levelpress
