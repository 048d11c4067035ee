// levelpress convert ghost: a Ghost export (JSON) to a content folder. Two
// streamed passes: the first reads users, tags and the post-tag and
// post-author relations (small tables) and checks the whole file; the
// second converts the posts one at a time, so the posts' HTML is never all
// in memory.
#include <algorithm>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

#include "convert.h"
#include "dates.h"
#include "ghost_documents.h"
#include "json_tables.h"
#include "media_copier.h"
#include "output_folder.h"
#include "slug.h"
#include "urls.h"
#include "utf8_text.h"
#include "wordpress_content.h"

namespace levelpress {
namespace {

struct Relation {
  long sort_order;
  std::string id;
  bool operator<(const Relation& o) const {
    return sort_order != o.sort_order ? sort_order < o.sort_order : id < o.id;
  }
};

struct GhostSite {
  std::map<std::string, JsonRow> users, tags;  // by Ghost id
  // post id -> tag ids / author ids, in Ghost's order (sort_order).
  std::map<std::string, std::vector<Relation>> post_tags, post_authors;
  std::map<std::string, std::string> descriptions;  // posts_meta (Ghost 3+)
  // The author of a post that names none (or only deleted users): Ghost's
  // owner, else the first user of the export.
  std::string owner_role, first_user;
  std::map<std::string, std::string> user_roles;  // user id -> role id
  bool has_posts = false;
};

long SortOrder(const JsonRow& row) {
  try {
    return std::stol(row.Get("sort_order"));
  } catch (...) {
    return 0;
  }
}

// "2021-03-24T04:34:10.000Z" (Ghost's dates: UTC, with milliseconds).
// Ghost before 1.0 wrote milliseconds since 1970 (1426078349156).
bool GhostDate(std::string text, int64_t* t, std::string* why) {
  if (!text.empty() && text.size() <= 15 &&
      std::all_of(text.begin(), text.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    *t = std::stoll(text) / 1000;
    // Read back as the import reads the date it is written as, which
    // refuses a time after the year 9999.
    return ParseDate(FormatIso8601(*t), t, why);
  }
  size_t dot = text.find('.');
  if (dot != std::string::npos) {
    size_t end = dot + 1;
    while (end < text.size() &&
           std::isdigit(static_cast<unsigned char>(text[end])))
      ++end;
    text.erase(dot, end - dot);
  }
  return ParseDate(text, t, why);
}

class PostConverter {
 public:
  PostConverter(const GhostSite& site, const ConvertOptions& options,
                const Settings& settings, OutputFolder* out,
                ConvertReport* report)
      : site_(site),
        settings_(settings),
        urls_(settings),
        out_(out),
        report_(report),
        media_(ImagesSource(options), out, report) {}

  // One post or page, in phases: identity, date and status, authors and
  // tags, body and images, Ghost's URL.
  Status Convert(const JsonRow& row) {
    const std::string id = row.Get("id");
    std::string type = row.Get("type");
    if (type.empty()) {  // before Ghost 3: `page: true`
      type =
          row.Get("page") == "true" || row.Get("page") == "1" ? "page" : "post";
    }
    const bool page = type == "page";
    const std::string title = row.Get("title");
    const std::string where = std::string(page ? "page " : "post ") + id +
                              " '" + WithoutXmlForbidden(title) + "'";
    if (type != "post" && type != "page") {
      ++report_->skipped;
      report_->notes.push_back(where + ": skipped (type " + type + ")");
      return Status::OK();
    }
    ConvertedPost post;
    post.title = title.empty() ? "Untitled " + id : title;
    bool renamed = false;  // its slug is another post's: not its old URL
    post.slug = UniqueSlug(row.Get("slug"), post.title, &renamed);
    if (renamed) {
      report_->warnings.push_back(where + ": slug '" + row.Get("slug") +
                                  "' is another post's too; written as '" +
                                  post.slug + "', without a redirect");
    }

    int64_t t = 0;
    std::string why;
    std::string date = row.Get("published_at");
    if (date.empty()) date = row.Get("created_at");
    if (!GhostDate(date, &t, &why) && !page) {
      report_->warnings.push_back(where + ": skipped: date '" + date +
                                  "' cannot be read (" + why + ")");
      ++report_->skipped;
      return Status::OK();
    }
    if (!page) post.date = FormatIso8601(t);
    ReadStatus(row, where, page ? 0 : t, &post);
    Authors(row, id, where, &post);
    ReadTags(id, &post);
    post.summary = row.Get("custom_excerpt");
    post.description = row.Get("meta_description");  // before Ghost 3
    if (auto it = site_.descriptions.find(id); it != site_.descriptions.end())
      post.description = it->second;

    if (page) PageAwayFromSitePaths(where, &post);
    const std::string dir = std::string(page ? "pages/" : "posts/") + post.slug;
    ReadBody(row, dir, where, &post);

    // Ghost's URLs are /:slug/ (its default routes); a page keeps /slug/.
    const std::string old_url = "/" + post.slug + "/";
    if (!page && !renamed && urls_.Post(t, post.slug) != old_url) {
      std::string what;
      if (IsSitePath(settings_, old_url, &what)) {
        report_->warnings.push_back(where + ": old URL " + old_url + " is " +
                                    what + " here; it gets no redirect");
      } else {
        post.aliases.push_back(old_url);
      }
    }
    if (page) {
      ++report_->pages;
    } else {
      ++report_->posts;
    }
    if (post.draft) ++report_->drafts;
    DropXmlForbidden(where, &post, report_);
    return out_->Write(
        dir + (post.body_is_markdown ? "/index.md" : "/index.html"),
        FormatConvertedPost(post));
  }

  Status Finish() {
    for (const auto& [user_id, author_id] : used_authors_) {
      const JsonRow& user = site_.users.at(user_id);
      std::string name = user.Get("name");
      DropXmlForbidden("user " + user_id, "name", &name, report_);
      std::string avatar;
      std::string image = user.Get("profile_image");
      if (image.empty()) image = user.Get("image");  // before Ghost 1.0
      if (!image.empty()) {
        std::string ext =
            media_.CopyAs(image, "authors/" + author_id, "user " + user_id);
        if (!ext.empty()) avatar = author_id + ext;
      }
      Status s =
          out_->Write("authors/" + author_id + ".md",
                      FormatConvertedAuthor(name.empty() ? author_id : name,
                                            avatar, user.Get("bio")));
      if (!s.ok()) return s;
      ++report_->authors;
    }
    return media_.status();
  }

 private:
  std::string UniqueSlug(const std::string& written, const std::string& title,
                         bool* renamed) {
    std::string base = Slugify(written);
    if (base.empty()) base = Slugify(title);
    if (base.empty()) base = "post";
    std::string slug = base;
    for (int n = 2; used_slugs_.count(slug); ++n) {
      slug = SlugWithSuffix(base, std::to_string(n));
      *renamed = true;
    }
    used_slugs_.insert(slug);
    return slug;
  }

  // A page at a path the site answers itself (Ghost themes have "tags"
  // and "authors" pages listing them, as LevelPress's own pages do) gets
  // another slug, instead of an import error.
  void PageAwayFromSitePaths(const std::string& where, ConvertedPost* page) {
    std::string what;
    if (!IsSitePath(settings_, "/" + page->slug + "/", &what)) return;
    bool renamed = false;
    const std::string old_slug = page->slug;
    page->slug = UniqueSlug(SlugWithSuffix(old_slug, "page"), "", &renamed);
    report_->warnings.push_back(where + ": /" + old_slug + "/ is " + what +
                                " here; the page is written as /" + page->slug +
                                "/ (keep it, or delete it if " +
                                "LevelPress's page replaces it)");
  }

  // Published and scheduled posts are public; a draft, an e-mail-only
  // post and anything for members only is a draft here.
  // A scheduled post whose time has passed (Ghost was stopped when it was
  // due) is public as soon as it is imported: said, since it never was.
  void ReadStatus(const JsonRow& row, const std::string& where, int64_t date,
                  ConvertedPost* post) {
    const std::string status = row.Get("status");
    const std::string visibility = row.Get("visibility");
    if (status == "draft") {
      post->draft = true;
      post->note = "a draft in Ghost";
    } else if (status == "scheduled") {
      ++report_->scheduled;
      if (date != 0 && date < static_cast<int64_t>(std::time(nullptr))) {
        report_->warnings.push_back(
            where + ": scheduled for " + FormatIso8601(date) +
            ", which has passed, and never published by Ghost; it is public "
            "once imported (add `draft: true` to keep it back)");
      }
    } else if (status != "published") {
      post->draft = true;
      post->note = "status '" + status + "' in Ghost";
      report_->warnings.push_back(where + ": status '" + status +
                                  "' (not on the web in Ghost); converted as "
                                  "a draft");
    }
    if (!visibility.empty() && visibility != "public") {
      post->draft = true;
      post->note = "visibility '" + visibility + "' in Ghost: members only";
      report_->warnings.push_back(
          where + ": visible to " + visibility +
          " members only in Ghost; converted as a draft (LevelPress has no "
          "members)");
    }
  }

  // Tags in Ghost's order; internal tags (#name) organise Ghost's themes.
  void ReadTags(const std::string& id, ConvertedPost* post) {
    auto it = site_.post_tags.find(id);
    if (it == site_.post_tags.end()) return;
    for (const auto& rel : it->second) {
      auto tag = site_.tags.find(rel.id);
      if (tag == site_.tags.end()) continue;
      std::string name = tag->second.Get("name");
      if (name.empty() || name[0] == '#' ||
          tag->second.Get("visibility") == "internal" || Slugify(name).empty())
        continue;
      if (std::find(post->tags.begin(), post->tags.end(), name) ==
          post->tags.end())
        post->tags.push_back(name);
    }
  }

  // The HTML with its images beside the post, and the cover.
  void ReadBody(const JsonRow& row, const std::string& dir,
                const std::string& where, ConvertedPost* post) {
    std::string html = row.Get("html");
    if (html.empty()) {
      html = BodyWithoutHtml(row, where);
      post->body_is_markdown = !html.empty();
    }
    html = RemoveAttributes(html, {"srcset", "sizes"});
    html = media_.Localize(html, dir, where);
    post->body_html = RootRelative(html);
    std::string cover = row.Get("feature_image");
    if (cover.empty()) cover = row.Get("image");  // before Ghost 1.0
    if (!cover.empty()) {
      post->image = media_.LocalizeOne(cover, dir, where);
      if (post->image.empty()) {
        report_->warnings.push_back(where + ": cover image " + cover +
                                    " is not in the images folder; the post "
                                    "has no cover");
      }
    }
  }
  // A post without `html`: its Markdown (Ghost before 1.0) or its
  // editor document (Lexical, Mobiledoc) rendered; "" when there is none.
  std::string BodyWithoutHtml(const JsonRow& row, const std::string& where) {
    std::string markdown = row.Get("markdown");
    if (!markdown.empty()) return markdown;
    std::vector<std::string> left_out;
    std::string error, body, format;
    if (!row.Get("lexical").empty()) {
      format = "lexical";
      body = LexicalBody(row.Get("lexical"), &left_out, &error);
    } else if (!row.Get("mobiledoc").empty()) {
      format = "mobiledoc";
      body = MobiledocBody(row.Get("mobiledoc"), &left_out, &error);
    }
    if (!error.empty()) {
      report_->warnings.push_back(where + ": no HTML, and its " + format +
                                  " cannot be read (" + error +
                                  "); its body is empty");
    } else if (!format.empty()) {
      report_->notes.push_back(where +
                               ": no HTML in the export; body made "
                               "from its " +
                               format + " (Markdown)");
    }
    for (const auto& card : left_out) {
      report_->warnings.push_back(where + ": its " + format + " card '" + card +
                                  "' is left out (no HTML for it)");
    }
    return body;
  }

  static MediaSource ImagesSource(const ConvertOptions& options) {
    MediaSource source;
    source.marker = "/content/images/";
    source.dir = options.uploads_dir;
    return source;  // any origin: the export does not say the site's
  }

  // __GHOST_URL__/x/ (Ghost 4's placeholder for the site) -> /x/.
  static std::string RootRelative(const std::string& html) {
    const std::string marker = "__GHOST_URL__";
    std::string out;
    out.reserve(html.size());
    size_t done = 0;
    for (size_t at = html.find(marker); at != std::string::npos;
         at = html.find(marker, done)) {
      out.append(html, done, at - done);
      done = at + marker.size();
      if (done >= html.size() || html[done] != '/') out.push_back('/');
    }
    out.append(html, done, std::string::npos);
    return out;
  }

  std::string FallbackAuthor() const {
    for (const auto& [user, role] : site_.user_roles) {
      if (!site_.owner_role.empty() && role == site_.owner_role &&
          site_.users.count(user))
        return user;
    }
    return site_.first_user;
  }

  void Authors(const JsonRow& row, const std::string& id,
               const std::string& where, ConvertedPost* post) {
    std::vector<std::string> user_ids;
    if (auto it = site_.post_authors.find(id); it != site_.post_authors.end()) {
      for (const auto& rel : it->second) user_ids.push_back(rel.id);
    }
    if (user_ids.empty() && !row.Get("author_id").empty())
      user_ids.push_back(row.Get("author_id"));  // before Ghost 1.22
    if (std::none_of(user_ids.begin(), user_ids.end(),
                     [&](const auto& uid) { return site_.users.count(uid); }) &&
        settings_.default_author.empty()) {
      const std::string fallback = FallbackAuthor();
      if (!fallback.empty()) {
        user_ids = {fallback};
        report_->warnings.push_back(where +
                                    ": no author in the export; given to " +
                                    site_.users.at(fallback).Get("name") +
                                    " (Ghost's owner or first user)");
      } else {
        report_->warnings.push_back(
            where +
            ": no author, and the export has no users: set "
            "`default_author` in the settings, or add `author:`, "
            "before importing");
      }
    }
    for (const auto& uid : user_ids) {
      auto user = site_.users.find(uid);
      if (user == site_.users.end()) continue;
      std::string aid = Slugify(user->second.Get("slug"));
      if (aid.empty()) aid = Slugify(user->second.Get("name"));
      if (aid.empty() || std::find(post->authors.begin(), post->authors.end(),
                                   aid) != post->authors.end())
        continue;
      post->authors.push_back(aid);
      used_authors_.emplace(uid, aid);
    }
  }

  const GhostSite& site_;
  const Settings& settings_;
  Urls urls_;
  OutputFolder* out_;
  ConvertReport* report_;
  MediaCopier media_;
  std::set<std::string> used_slugs_;
  std::map<std::string, std::string> used_authors_;  // user id -> author id
};

}  // namespace

Status ConvertGhost(const ConvertOptions& options, const Settings& settings,
                    ConvertReport* report) {
  GhostSite site;
  Status s = ReadJsonTables(options.input, [&](const std::string& table,
                                               JsonRow&& row, std::string*) {
    if (table == "users") {
      if (site.first_user.empty()) site.first_user = row.Get("id");
      site.users[row.Get("id")] = std::move(row);
    } else if (table == "roles") {
      if (row.Get("name") == "Owner") site.owner_role = row.Get("id");
    } else if (table == "roles_users") {
      site.user_roles[row.Get("user_id")] = row.Get("role_id");
    } else if (table == "tags") {
      site.tags[row.Get("id")] = std::move(row);
    } else if (table == "posts_tags") {
      site.post_tags[row.Get("post_id")].push_back(
          {SortOrder(row), row.Get("tag_id")});
    } else if (table == "posts_authors") {
      site.post_authors[row.Get("post_id")].push_back(
          {SortOrder(row), row.Get("author_id")});
    } else if (table == "posts_meta") {
      if (!row.Get("meta_description").empty())
        site.descriptions[row.Get("post_id")] = row.Get("meta_description");
    } else if (table == "posts") {
      site.has_posts = true;
    }
    return true;
  });
  if (!s.ok()) return s;
  if (!site.has_posts && site.users.empty()) {
    return Status::InvalidArgument(
        options.input +
        ": not a Ghost export (no \"posts\" or \"users\" table under "
        "\"data\")");
  }
  for (auto& [post, rels] : site.post_tags)
    std::stable_sort(rels.begin(), rels.end());
  for (auto& [post, rels] : site.post_authors)
    std::stable_sort(rels.begin(), rels.end());

  OutputFolder out;
  if (Status o = out.Open(options.out_dir); !o.ok()) return o;
  PostConverter converter(site, options, settings, &out, report);
  Status failed;
  s = ReadJsonTables(options.input, [&](const std::string& table, JsonRow&& row,
                                        std::string* error) {
    if (table != "posts") return true;
    failed = converter.Convert(row);
    if (!failed.ok()) *error = failed.message();
    return failed.ok();
  });
  if (!s.ok()) return s;
  if (Status f = converter.Finish(); !f.ok()) return f;
  return out.Commit();
}

}  // namespace levelpress
