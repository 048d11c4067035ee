#include "commands.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

#include "dates.h"
#include "importer.h"
#include "urls.h"

namespace levelpress {

bool LoadCommandSettings(const CommandLine& cl, Settings* settings) {
  std::string path = cl.config.empty()
                         ? DefaultSettingsPath(cl.argv0, StartedByWebServer())
                         : cl.config;
  Status s = LoadSettings(path, settings);
  if (s.IsInvalidArgument()) {
    // One "FILE:LINE: key: problem" line each, as import reports content.
    std::cerr << s.message() << "\nlevelpress: the settings file " << path
              << " has problems (docs/settings.md describes every setting)\n";
    return false;
  }
  if (!s.ok()) {
    std::cerr << "levelpress: " << s.message() << "\n";
    return false;
  }
  if (!cl.store.empty()) settings->store_path = cl.store;
  s = SetTimeZone(settings->time_zone);
  if (!s.ok()) {
    std::cerr << "levelpress: " << settings->file
              << ": time_zone: " << s.message() << "\n";
    return false;
  }
  return true;
}

bool OpenCommandStore(const Settings& settings, std::unique_ptr<Store>* store,
                      bool create_if_missing) {
  OpenOptions options;
  options.create_if_missing = create_if_missing;
  // Only import creates stores, and it writes in bulk.
  if (create_if_missing) options.write_buffer_bytes = 64 << 20;
  Status s;
  // A CGI request may hold the store for a few milliseconds: wait a little.
  for (int waited_ms = 0;; waited_ms += 50) {
    s = Store::Open(settings.store_path, options, store);
    if (!s.IsBusy() || waited_ms >= 2000) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!s.ok()) {
    std::cerr << "levelpress: " << s.message() << "\n";
    return false;
  }
  return true;
}

int PrepareCommand(const CommandLine& cl, bool create_store, Settings* settings,
                   std::unique_ptr<Store>* store) {
  if (!LoadCommandSettings(cl, settings)) return 2;
  if (!OpenCommandStore(*settings, store, create_store)) return 1;
  return 0;
}

bool StartedByWebServer() {
  if (const char* gi = std::getenv("GATEWAY_INTERFACE"); gi && *gi) return true;
  struct stat st;
  if (fstat(0, &st) != 0 || !S_ISSOCK(st.st_mode)) return false;
  // A listening socket on fd 0 is how spawn-fcgi, mod_fcgid and systemd
  // socket activation hand us the FastCGI socket.
  int listening = 0;
  socklen_t len = sizeof listening;
  return getsockopt(0, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 &&
         listening;
}

int RunImport(const CommandLine& cl) {
  Settings settings;
  if (!LoadCommandSettings(cl, &settings)) return 2;
  ImportOptions options;
  options.dir = cl.dir;
  options.prune = cl.prune;
  options.dry_run = cl.dry_run;
  options.progress = !cl.dry_run && isatty(2);
  // A dry run opens no store, so it also runs while a server holds it.
  std::unique_ptr<Store> store;
  bool fresh = false;  // a first import that fails leaves no store behind
  std::error_code ec;
  if (!cl.dry_run) {
    fresh = !std::filesystem::exists(settings.store_path + "/CURRENT", ec) &&
            !std::filesystem::exists(settings.store_path, ec);
    if (!OpenCommandStore(settings, &store, /*create_if_missing=*/true))
      return 1;
  }
  ImportReport report;
  Status s = Import(settings, store.get(), options, &report);
  for (const auto& p : report.problems) std::cerr << p.ToString() << "\n";
  if (!s.ok()) {
    std::cerr << "levelpress: import: " << s.message() << "\n";
    if (fresh) {  // any failure: content errors, a full disk, a bad link
      store.reset();
      std::filesystem::remove_all(settings.store_path, ec);
    }
    return 1;
  }
  std::cout << (cl.dry_run ? "checked " : "imported ") << cl.dir << ": "
            << report.Summary() << "\n";
  return 0;
}

int RunExport(const CommandLine& cl) {
  Settings settings;
  std::unique_ptr<Store> store;
  if (int code = PrepareCommand(cl, /*create_store=*/false, &settings, &store))
    return code;
  size_t n = 0;
  Status s = Export(settings, *store, cl.dir, &n);
  if (!s.ok()) {
    std::cerr << "levelpress: export: " << s.message() << "\n";
    return 1;
  }
  std::cout << "exported " << n << " posts to " << cl.dir << "\n";
  return 0;
}

int RunList(const CommandLine& cl) {
  Settings settings;
  std::unique_ptr<Store> store;
  if (int code = PrepareCommand(cl, /*create_store=*/false, &settings, &store))
    return code;
  std::vector<std::string> slugs;
  Status s = store->ListPostSlugs(&slugs);
  std::vector<Post> posts;
  for (const auto& slug : slugs) {
    Post p;
    if (s.ok()) s = store->GetPost(slug, &p);
    posts.push_back(std::move(p));
  }
  if (!s.ok()) {
    std::cerr << "levelpress: " << s.ToString() << "\n";
    return 1;
  }
  std::sort(posts.begin(), posts.end(),
            [](const Post& a, const Post& b) { return a.date > b.date; });
  int64_t now = std::time(nullptr);
  Urls urls(settings);
  for (const auto& p : posts) {
    const char* state = p.draft ? "draft" : p.date > now ? "scheduled" : "";
    if (!cl.all && *state) continue;
    std::printf("%s  %-40s  %s%s%s\n", FormatIso8601(p.date).c_str(),
                urls.Post(p.date, p.slug).c_str(), p.title.c_str(),
                *state ? "  " : "", state);
  }
  return 0;
}

int RunShow(const CommandLine& cl) {
  Settings settings;
  std::unique_ptr<Store> store;
  if (int code = PrepareCommand(cl, /*create_store=*/false, &settings, &store))
    return code;
  Post p;
  Status s = store->GetPost(cl.slug, &p);
  if (!s.ok()) {
    std::cerr << "levelpress: no post with slug '" << cl.slug << "'\n";
    return 1;
  }
  Urls urls(settings);
  std::cout << "slug: " << p.slug << "\nurl: " << urls.Post(p.date, p.slug)
            << "\ntitle: " << p.title << "\ndate: " << FormatIso8601(p.date)
            << "\nauthor: " << p.author_id << "\ntags:";
  for (const auto& t : p.tags) std::cout << " [" << t << "]";
  std::cout << "\ndraft: " << (p.draft ? "true" : "false")
            << "\nsource: " << p.source_path
            << "\nwritten: " << FormatIso8601(p.written_at) << "\n\nexcerpt:\n"
            << p.excerpt_html << "\nbody:\n"
            << p.body_html;
  return 0;
}

int RunRemove(const CommandLine& cl) {
  Settings settings;
  std::unique_ptr<Store> store;
  if (int code = PrepareCommand(cl, /*create_store=*/false, &settings, &store))
    return code;
  Status s;
  {
    StoreWriter writer(store.get(), std::time(nullptr));
    s = writer.RemovePost(cl.slug);
    if (s.ok()) s = writer.Commit(true);
  }
  if (s.ok()) store->Compact();
  if (!s.ok()) {
    std::cerr << "levelpress: rm " << cl.slug << ": "
              << (s.IsNotFound() ? "no such post" : s.ToString()) << "\n";
    return 1;
  }
  std::cout << "removed " << cl.slug << "\n";
  return 0;
}

int RunCheck(const CommandLine& cl) {
  Settings settings;
  std::unique_ptr<Store> store;
  if (int code = PrepareCommand(cl, /*create_store=*/false, &settings, &store))
    return code;
  std::vector<std::string> problems;
  Status s = store->Check(&problems);
  for (const auto& p : problems)
    std::cerr << settings.store_path << ": " << p << "\n";
  if (!s.ok()) {
    std::cerr << "levelpress: check: " << s.ToString() << "\n";
    return 1;
  }
  if (!problems.empty()) return 1;
  std::vector<std::string> slugs;
  s = store->ListPostSlugs(&slugs);
  if (!s.ok()) {
    std::cerr << "levelpress: check: " << s.ToString() << "\n";
    return 1;
  }
  std::cout << settings.store_path << ": ok (" << slugs.size()
            << " posts, generation " << store->generation() << ")\n";
  return 0;
}

}  // namespace levelpress
