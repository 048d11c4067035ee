// Fuzz target: the settings file parser (ParseSettings) on arbitrary
// bytes. It must never crash or throw, and must either accept the text
// with settings that hold what LoadSettings promises (ranges, patterns
// that start and end with '/', an absolute store path) or reject it with
// one "FILE:LINE: ..." or "FILE: ..." line per problem.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "settings.h"

using namespace levelpress;
using levelpress::fuzz::Check;

namespace {

bool StartsAndEndsWithSlash(const std::string& s) {
  return !s.empty() && s.front() == '/' && s.back() == '/';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string file = "/etc/levelpress/levelpress.conf";
  Settings s;
  Status st = ParseSettings(text, file, &s);
  if (st.ok()) {
    Check(s.page_size >= 1 && s.page_size <= 1000);
    Check(s.threads >= 0 && s.threads <= kMaxThreads);
    Check(s.max_path_bytes >= 1024);
    Check(s.cache_seconds >= 0);
    for (const std::string* p :
         {&s.post_url, &s.tag_url, &s.author_url, &s.theme_url, &s.media_url}) {
      Check(StartsAndEndsWithSlash(*p));
    }
    Check(s.post_url.find(":slug") != std::string::npos);
    Check(s.tag_url.find(":tag") != std::string::npos);
    Check(s.author_url.find(":author") != std::string::npos);
    Check(!s.store_path.empty() && s.store_path[0] == '/');
    Check(s.time_zone.size() <= 64);
  } else {
    Check(st.IsInvalidArgument());
    // Every line of the message names the file.
    const std::string& m = st.message();
    size_t pos = 0;
    while (pos <= m.size()) {
      Check(m.compare(pos, file.size(), file) == 0);
      size_t end = m.find('\n', pos);
      if (end == std::string::npos) break;
      pos = end + 1;
    }
  }
  return 0;
}
