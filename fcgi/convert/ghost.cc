// levelpress convert ghost: a Ghost export (JSON) to a content folder. Two
// streamed passes: the first reads users, tags and the post-tag and
// post-author relations (small tables) and checks the whole file; the
// second converts the posts one at a time, so the posts' HTML is never all
// in memory.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "convert.h"
#include "dates.h"
#include "json_tables.h"
#include "media_copier.h"
#include "output_folder.h"
#include "slug.h"
#include "urls.h"
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
    return true;
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
    const std::string where =
        std::string(page ? "page " : "post ") + id + " '" + title + "'";
    if (type != "post" && type != "page") {
      ++report_->skipped;
      report_->notes.push_back(where + ": skipped (type " + type + ")");
      return Status::OK();
    }
    ConvertedPost post;
    post.title = title.empty() ? "Untitled " + id : title;
    post.slug = UniqueSlug(row.Get("slug"), post.title);

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
    ReadStatus(row, where, &post);
    Authors(row, id, &post);
    ReadTags(id, &post);
    post.summary = row.Get("custom_excerpt");
    post.description = row.Get("meta_description");  // before Ghost 3
    if (auto it = site_.descriptions.find(id); it != site_.descriptions.end())
      post.description = it->second;

    const std::string dir = std::string(page ? "pages/" : "posts/") + post.slug;
    ReadBody(row, dir, where, &post);

    // Ghost's URLs are /:slug/ (its default routes); a page keeps /slug/.
    const std::string old_url = "/" + post.slug + "/";
    if (!page && urls_.Post(t, post.slug) != old_url) {
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
    return out_->Write(dir + "/index.html", FormatConvertedPost(post));
  }

  Status Finish() {
    for (const auto& [user_id, author_id] : used_authors_) {
      const JsonRow& user = site_.users.at(user_id);
      std::string name = user.Get("name");
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
  std::string UniqueSlug(const std::string& written, const std::string& title) {
    std::string base = Slugify(written);
    if (base.empty()) base = Slugify(title);
    if (base.empty()) base = "post";
    std::string slug = base;
    for (int n = 2; used_slugs_.count(slug); ++n) {
      slug = base + "-" + std::to_string(n);
    }
    used_slugs_.insert(slug);
    return slug;
  }

  // Published and scheduled posts are public; a draft, an e-mail-only
  // post and anything for members only is a draft here.
  void ReadStatus(const JsonRow& row, const std::string& where,
                  ConvertedPost* post) {
    const std::string status = row.Get("status");
    const std::string visibility = row.Get("visibility");
    if (status == "draft") {
      post->draft = true;
      post->note = "a draft in Ghost";
    } else if (status == "scheduled") {
      ++report_->scheduled;
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
    if (html.empty() && row.Get("mobiledoc").size() > 200) {
      report_->warnings.push_back(where +
                                  ": the export has no HTML for it (only "
                                  "mobiledoc); its body is empty");
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

  void Authors(const JsonRow& row, const std::string& id, ConvertedPost* post) {
    std::vector<std::string> user_ids;
    if (auto it = site_.post_authors.find(id); it != site_.post_authors.end()) {
      for (const auto& rel : it->second) user_ids.push_back(rel.id);
    }
    if (user_ids.empty() && !row.Get("author_id").empty())
      user_ids.push_back(row.Get("author_id"));  // before Ghost 1.22
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
      site.users[row.Get("id")] = std::move(row);
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
