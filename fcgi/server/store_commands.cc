// The commands that work on an open store. Each runs the same way from a
// terminal and inside a running server (commands.h): it writes only to
// io, and takes the store it is given.
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <iostream>

#include "commands.h"
#include "counted.h"
#include "dates.h"
#include "importer.h"
#include "preview.h"
#include "search_import.h"
#include "site.h"
#include "urls.h"

namespace levelpress {
namespace {

// A store error, and exit status 1.
int Fail(const CommandIo& io, const std::string& what, const Status& s) {
  io.err << "levelpress: " << what << ": " << s.ToString() << "\n";
  return 1;
}

int ImportFolder(const CommandLine& cl, const Settings& settings, Store* store,
                 const CommandIo& io) {
  ImportOptions options;
  options.dir = cl.DirPath();
  options.prune = cl.prune;
  options.dry_run = cl.dry_run;
  options.strict = cl.strict;
  // A progress line only on a terminal of our own.
  options.progress = !cl.dry_run && &io.err == &std::cerr && isatty(2);
  options.compact = !cl.live;
  options.draft_media = cl.writer_preview;
  options.memo = cl.import_memo;
  options.memo_config = cl.config_id;
  ImportReport report;
  Status s = Import(settings, store, options, &report);
  for (const auto& p : report.problems) io.err << p.ToString() << "\n";
  if (!s.ok()) {
    io.err << "levelpress: import: " << s.message() << "\n";
    return 1;
  }
  io.out << (cl.dry_run ? "checked " : "imported ") << cl.dir << ": "
         << report.Summary() << "\n";
  return 0;
}

int ExportFolder(const CommandLine& cl, const Settings& settings, Store* store,
                 const CommandIo& io) {
  size_t n = 0;
  Status s = Export(settings, store->View(), cl.DirPath(), &n);
  if (!s.ok()) {
    io.err << "levelpress: export: " << s.message() << "\n";
    return 1;
  }
  io.out << "exported " << Counted(n, "post") << " to " << cl.dir << "\n";
  return 0;
}

int ListPosts(const CommandLine& cl, const Settings& settings, Store* store,
              const CommandIo& io) {
  const StoreView view = store->View();
  std::vector<std::string> slugs;
  Status s = view.ListPostSlugs(&slugs);
  std::vector<Post> posts;
  for (const auto& slug : slugs) {
    Post p;
    if (s.ok()) s = view.GetPost(slug, &p);
    posts.push_back(std::move(p));
  }
  if (!s.ok()) return Fail(io, "list", s);
  std::sort(posts.begin(), posts.end(),
            [](const Post& a, const Post& b) { return a.date > b.date; });
  int64_t now = std::time(nullptr);
  Urls urls(settings);
  for (const auto& p : posts) {
    const char* state = p.draft            ? "draft"
                        : p.date > now     ? "scheduled"
                        : p.ExpiredAt(now) ? "expired"
                                           : "";
    if (!cl.all && *state) continue;
    std::string url = p.page ? p.url : urls.Post(p.date, p.slug);
    if (url.size() < 40) url.append(40 - url.size(), ' ');  // a column
    io.out << FormatIso8601(p.date) << "  " << url << "  " << p.title
           << (*state ? "  " : "") << state << "\n";
  }
  return 0;
}

int ShowPost(const CommandLine& cl, const Settings& settings, Store* store,
             const CommandIo& io) {
  Post p;
  Status s = store->View().GetPost(cl.slug, &p);
  if (!s.ok()) {
    io.err << "levelpress: no post with slug '" << cl.slug << "'\n";
    return 1;
  }
  Urls urls(settings);
  io.out << "slug: " << p.slug
         << "\nurl: " << (p.page ? p.url : urls.Post(p.date, p.slug))
         << "\ntitle: " << p.title << "\ndate: " << FormatIso8601(p.date)
         << "\nauthor:";
  for (const auto& a : p.author_ids) io.out << " " << a;
  io.out << "\ntags:";
  for (const auto& t : p.tags) io.out << " [" << t << "]";
  io.out << "\ndraft: " << (p.draft ? "true" : "false");
  if (p.expires != 0) io.out << "\nexpires: " << FormatIso8601(p.expires);
  io.out << "\nsource: " << p.source_path
         << "\nwritten: " << FormatIso8601(p.written_at)
         << "\nmodified: " << FormatIso8601(p.ContentDate()) << "\n\nexcerpt:\n"
         << p.excerpt_html << "\nbody:\n"
         << p.body_html;
  return 0;
}

int RemovePost(const CommandLine& cl, const Settings& settings, Store* store,
               const CommandIo& io) {
  Status s;
  {
    StoreWriter writer(store, std::time(nullptr));
    std::vector<Problem> problems;  // a missing search module: said below
    SearchImport search(settings, store, 1, &problems);
    s = writer.RemovePost(cl.slug);
    // The post leaves the search index in the same generation.
    if (s.ok()) s = search.Removed(cl.slug);
    if (s.ok()) s = search.Finish(&writer);
    if (s.ok()) s = writer.Commit(true);
    search.Committed(s.ok());
    for (const auto& p : problems) io.err << p.ToString() << "\n";
  }
  if (s.ok() && !cl.live) store->Compact();
  if (!s.ok()) {
    io.err << "levelpress: rm " << cl.slug << ": "
           << (s.IsNotFound() ? "no such post" : s.ToString()) << "\n";
    return 1;
  }
  io.out << "removed " << cl.slug << "\n";
  return 0;
}

int CheckStore(const CommandLine&, const Settings& settings, Store* store,
               const CommandIo& io) {
  std::vector<std::string> problems;
  Status s = store->Check(&problems);
  for (const auto& p : problems)
    io.err << settings.store_path << ": " << p << "\n";
  if (!s.ok()) return Fail(io, "check", s);
  if (!problems.empty()) return 1;
  const StoreView view = store->View();
  std::vector<std::string> slugs;
  s = view.ListPostSlugs(&slugs);
  if (!s.ok()) return Fail(io, "check", s);
  io.out << settings.store_path << ": ok (" << Counted(slugs.size(), "post")
         << ", generation " << view.generation() << ")\n";
  return 0;
}

int PrintUrls(const CommandLine& cl, const Settings& settings, Store* store,
              const CommandIo& io) {
  // urls needs no templates; build the config without loading them.
  auto bare = std::make_shared<SiteConfig>(settings);
  Site site(store, bare);
  std::vector<std::string> paths;
  Status s = site.AllPaths(std::time(nullptr), &paths);
  if (!s.ok()) return Fail(io, "urls", s);
  for (const auto& p : paths)
    io.out << (cl.absolute ? settings.base_url : "") << p << "\n";
  return 0;
}

// preview SLUG: a secret URL of a post in any state; --revoke-all: a new
// key, so every URL given so far stops working.
int PrintPreviewUrl(const CommandLine& cl, const Settings& settings,
                    Store* store, const CommandIo& io) {
  if (cl.revoke_all == !cl.slug.empty()) {
    io.err << "levelpress: preview: give a post's slug, or --revoke-all\n";
    return 2;
  }
  std::string key;
  Status s = store->View().GetMeta(kPreviewKeyName, &key);
  if (cl.revoke_all || s.IsNotFound()) {
    s = NewPreviewKey(&key);
    if (s.ok()) {
      StoreWriter writer(store, std::time(nullptr));
      writer.PutMeta(kPreviewKeyName, key);
      s = writer.Commit(/*sync=*/true);
    }
  }
  if (!s.ok()) return Fail(io, "preview", s);
  if (cl.revoke_all) {
    io.out << "revoked every preview URL\n";
    return 0;
  }
  Post post;
  if (!store->View().GetPost(cl.slug, &post).ok()) {
    io.err << "levelpress: no post with slug '" << cl.slug << "'\n";
    return 1;
  }
  int64_t expires = std::time(nullptr) + int64_t{cl.days} * 86400;
  io.out << settings.base_url << PreviewPath(key, cl.slug, expires) << "\n";
  io.err << "works until " << FormatIso8601(expires)
         << "; `levelpress preview --revoke-all` ends every preview URL\n";
  return 0;
}

const StoreCommand kStoreCommands[] = {
    {"import", ImportFolder, /*creates_store=*/true},
    {"export", ExportFolder, false},
    {"list", ListPosts, false},
    {"show", ShowPost, false},
    {"rm", RemovePost, false},
    {"check", CheckStore, false},
    {"urls", PrintUrls, false},
    {"preview", PrintPreviewUrl, false},
};

}  // namespace

const StoreCommand* FindStoreCommand(const std::string& name) {
  for (const auto& c : kStoreCommands) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

}  // namespace levelpress
