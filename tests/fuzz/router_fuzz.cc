// Fuzz target: request decoding and routing. Arbitrary bytes become a
// Request (method, target, a few headers) that Site::Handle answers from a
// small store holding the sample blog (data/content, imported once, on
// disk in a temporary folder so that it has its search index: /search/
// queries reach Xapian's query parser through levelpress-search.so). It must
// never crash and never answer 5xx: every input is either a page, a redirect, a
// 304 or a 4xx; a 5xx is a finding (__builtin_trap).
//
// Input: lines separated by '\n'. Line 1 is the method, line 2 the target
// (sent as is: percent-encoding is the fuzzer's business), each further
// "name: value" line a header (names lower-cased, as the adapters do).
// The first byte, if it is a digit, also moves the clock (before, between
// and after the sample posts) and is dropped from the method.
#include <stdlib.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "dates.h"
#include "importer.h"
#include "request.h"
#include "search_index.h"
#include "settings.h"
#include "site.h"
#include "store.h"

using namespace levelpress;

namespace {

struct Blog {
  std::unique_ptr<Store> store;
  std::unique_ptr<Site> site;
};

void Die(const std::string& what) {
  std::fprintf(stderr, "router_fuzz: %s\n", what.c_str());
  std::abort();
}

Blog* MakeBlog() {
  auto* blog = new Blog;
  if (!SetTimeZone("UTC").ok()) Die("no UTC");
  char root[] = "/tmp/levelpress-router-fuzz-XXXXXX";
  if (::mkdtemp(root) == nullptr) Die("mkdtemp");
  Settings settings;
  settings.templates_dir = SOURCE_DIR "/templates";
  settings.media_dir = std::string(root) + "/media";
  settings.page_size = 2;  // deep pages with few posts
  SetSearchModulePathForTests(BINARY_DIR "/levelpress-search.so");
  std::string why_not;
  if (!SearchAvailable(&why_not)) Die(why_not);
  Status s =
      Store::Open(std::string(root) + "/store", OpenOptions(), &blog->store);
  if (!s.ok()) Die(s.ToString());
  ImportOptions io;
  io.dir = SOURCE_DIR "/data/content";
  io.threads = 1;
  ImportReport report;
  s = Import(settings, blog->store.get(), io, &report);
  if (!s.ok()) Die("import: " + s.ToString());
  std::shared_ptr<const SiteConfig> config;
  s = LoadSiteConfig(settings, &config);
  if (!s.ok()) Die(s.ToString());
  blog->site = std::make_unique<Site>(blog->store.get(), config);
  return blog;
}

// Made on first use, not at static initialization: the site's setup reads
// other files' globals (translation.cc's message list), whose order of
// initialization across files is not defined.
Blog* TheBlog() {
  static Blog* const blog = MakeBlog();
  return blog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  int64_t now = 1735689600;  // 2025-01-01, after the sample posts
  if (!in.empty() && in[0] >= '0' && in[0] <= '9') {
    now = 1600000000 + (in[0] - '0') * int64_t{15000000};
    in.remove_prefix(1);
  }
  auto next_line = [&in]() {
    size_t end = in.find('\n');
    std::string_view line = in.substr(0, end);
    in.remove_prefix(end == std::string_view::npos ? in.size() : end + 1);
    return std::string(line);
  };
  Request request;
  request.method = next_line();
  request.target = next_line();
  for (int i = 0; i < 8 && !in.empty(); ++i) {
    std::string line = next_line();
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(c));
    size_t v = line.find_first_not_of(' ', colon + 1);
    request.headers[name] = v == std::string::npos ? "" : line.substr(v);
  }
  Response response = TheBlog()->site->Handle(request, now);
  if (response.status >= 500) {
    std::fprintf(stderr, "router_fuzz: %d for %s %s\n", response.status,
                 request.method.c_str(), request.target.c_str());
    __builtin_trap();
  }
  std::string bytes = SerializeResponse(request, response);
  if (bytes.empty()) __builtin_trap();
  return 0;
}
