// A micro-measure, not a test: renders a page of a store N times with the
// render cache off and prints the time per render. Used to check that a
// change to the page code (e.g. ICU dates) does not slow rendering.
//
//   build/tests/render_bench SETTINGS_FILE [PATH] [N]
//
// The store of SETTINGS_FILE must exist (levelpress import first).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "dates.h"
#include "request.h"
#include "settings.h"
#include "site.h"
#include "store.h"

using namespace levelpress;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: render_bench SETTINGS_FILE [PATH] [N]\n");
    return 2;
  }
  const std::string path = argc > 2 ? argv[2] : "/";
  const int n = argc > 3 ? std::atoi(argv[3]) : 10000;
  Settings settings;
  Status s = LoadSettings(argv[1], &settings);
  if (s.ok()) s = SetTimeZone(settings.time_zone);
  settings.render_cache_bytes = 0;  // every request renders
  std::unique_ptr<Store> store;
  if (s.ok()) s = Store::Open(settings.store_path, OpenOptions(), &store);
  std::shared_ptr<const SiteConfig> config;
  if (s.ok()) s = LoadSiteConfig(settings, &config);
  if (!s.ok()) {
    std::fprintf(stderr, "render_bench: %s\n", s.ToString().c_str());
    return 1;
  }
  Site site(store.get(), config);
  Request request;
  request.method = "GET";
  request.target = path;
  const int64_t now = std::time(nullptr);
  size_t bytes = site.Handle(request, now).body.size();  // warm-up
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    Response r = site.Handle(request, now);
    if (r.status != 200) {
      std::fprintf(stderr, "render_bench: %s answered %d\n", path.c_str(),
                   r.status);
      return 1;
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::printf("%s: %d renders, %.1f us per render (%zu bytes)\n", path.c_str(),
              n, seconds * 1e6 / n, bytes);
  return 0;
}
